"""Checking one annotation at once, as the review app does on save: every problem at its record."""
from __future__ import annotations

import time

import pytest

from conftest import REPO
from unhrc_news.annotations import read_actors, read_events
from unhrc_news.document_check import check_document
from unhrc_news.state import Article

DOCS = sorted(p.stem for p in (REPO / "seeds/annotations").glob("*.yaml"))


@pytest.fixture(scope="module")
def registries():
    actors = read_actors(REPO / "seeds/actors.yaml", "seeds/actors.yaml", REPO / "schemas")
    return actors, read_events(REPO / "seeds/events.yaml", "seeds/events.yaml", REPO / "schemas", actors)


def check(doc, text, registries):
    path = REPO / "seeds/articles" / f"{doc}.txt"
    article = Article(doc, path, f"seeds/articles/{doc}.txt", path.read_text(encoding="utf-8"), "")
    return check_document(text, f"seeds/annotations/{doc}.yaml", article, REPO / "schemas", *registries)


@pytest.mark.parametrize("doc", DOCS)
def test_every_reviewed_annotation_passes(doc, registries):
    assert check(doc, (REPO / "seeds/annotations" / f"{doc}.yaml").read_text(encoding="utf-8"), registries) == []


def test_every_problem_is_reported_at_its_record_in_well_under_a_second(registries):
    doc = DOCS[0]
    text = (REPO / "seeds/annotations" / f"{doc}.yaml").read_text(encoding="utf-8")
    text = text.replace("{actor: reuters, text: REUTERS}", "{actor: nobody-known, text: REUTERS}", 1)
    text = text.replace("{text: illegal, speaker: michael-lynk", "{text: words never written here, speaker: michael-lynk", 1)
    text = text.replace("{event: us-vows-votes-against-item7-resolutions-2017,", "{event: no-such-event,", 1)
    started = time.perf_counter()
    problems = check(doc, text, registries)
    took = time.perf_counter() - started
    assert [(p.section, p.index, p.field) for p in problems] == [("mentions", 0, "actor"), ("quotes", 0, "text"), ("events", 3, "event")]
    assert "nobody-known" in problems[0].message and "Fix:" in problems[0].message
    assert took < 5  # generous: a check per save must not need a build (about 0.1 s here)


def test_a_yaml_syntax_error_is_one_problem_for_the_file(registries):
    problems = check(DOCS[0], "status: reviewed\nmentions: [\n", registries)
    assert len(problems) == 1 and problems[0].section == ""


def test_what_shows_only_between_records_is_reported_too(registries):
    doc = DOCS[0]
    text = (REPO / "seeds/annotations" / f"{doc}.yaml").read_text(encoding="utf-8")
    text = text.replace("  - {actor: reuters, text: REUTERS}\n", "  - {actor: reuters, text: REUTERS}\n  - {actor: reuters, text: REUTERS}\n", 1)
    problems = check(doc, text, registries)
    assert [(p.section, p.index) for p in problems] == [("mentions", 1)] and "overlaps another mention" in problems[0].message
