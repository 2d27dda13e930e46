"""The review web app through its HTTP interface (Starlette's test client; no browser)."""
from __future__ import annotations

import hashlib

import pytest
from starlette.testclient import TestClient

from conftest import REPO, add_new_article
from unhrc_news.annotations import parse_yaml
from unhrc_news.config import Settings
from unhrc_news.review_app import create_app

TOKEN = "test-token"


@pytest.fixture
def drafted(built):
    doc_id = add_new_article(built)
    return built, doc_id, TestClient(create_app(Settings(root=built), token=TOKEN))


def version(root, doc_id):
    return hashlib.sha256((root / "seeds/annotations" / f"{doc_id}.yaml").read_bytes()).hexdigest()


def test_the_start_page_lists_documents_with_what_waits(drafted):
    _root, doc_id, client = drafted
    page = client.get("/").text
    assert doc_id in page and "Example Wire" in page and "draft" in page and "reviewed" in page


def test_the_document_page_shows_the_article_as_written_and_every_proposal(drafted):
    root, doc_id, client = drafted
    page = client.get(f"/doc/{doc_id}").text
    text = (root / "seeds/articles" / f"{doc_id}.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    assert page.count("<p>") == len(paragraphs)  # paragraphs kept
    assert 'class="legend"' in page and "Example Wire" in page and "2025-03-05" in page
    assert '<mark class="quote machine"' in page and '<mark class="actor machine"' in page
    assert page.count('<tr id="') >= 20  # one table row per record


def test_requests_that_change_files_need_the_session_token(drafted):
    root, doc_id, client = drafted
    before = (root / "seeds/annotations" / f"{doc_id}.yaml").read_bytes()
    r = client.post(f"/api/doc/{doc_id}/save", json={"version": version(root, doc_id), "edits": []})
    assert r.status_code == 403
    r = client.post("/api/actors", json={"id": "x-y", "name": "X Y", "type": "person"}, headers={"X-Review-Token": "wrong"})
    assert r.status_code == 403
    assert (root / "seeds/annotations" / f"{doc_id}.yaml").read_bytes() == before


@pytest.mark.parametrize("path", ["/doc/..%2F..%2Fdatapackage.json", "/doc/000_zzzz", "/doc/999_0000000000000000"])
def test_no_request_reaches_a_file_outside_the_articles(drafted, path):
    _root, _doc_id, client = drafted
    assert client.get(path).status_code == 404


def test_a_save_writes_the_edits_and_reports_every_problem_at_its_record(drafted):
    root, doc_id, client = drafted
    headers = {"X-Review-Token": TOKEN}
    r = client.post(f"/api/doc/{doc_id}/save", headers=headers, json={"version": version(root, doc_id), "edits": [
        {"action": "accept", "section": "mentions", "index": 0},
        {"action": "reject", "section": "statistics", "index": 0, "reason": "a count of states asking, not a finding"},
    ]})
    assert r.status_code == 200, r.text
    body = r.json()
    saved = (root / "seeds/annotations" / f"{doc_id}.yaml").read_text(encoding="utf-8")
    assert body["version"] == hashlib.sha256(saved.encode()).hexdigest()
    assert [r["reason"] for r in parse_yaml(saved, "saved.yaml")["rejected"]] == ["a count of states asking, not a finding"]
    # candidate actors and proposed events are not in the registries yet: each problem names its record
    assert {(p["section"], p["field"]) for p in body["problems"]} >= {("quotes", "speaker"), ("events", "event")}


def test_a_second_tab_saving_an_old_version_is_refused(drafted):
    root, doc_id, client = drafted
    headers = {"X-Review-Token": TOKEN}
    old = version(root, doc_id)
    first = client.post(f"/api/doc/{doc_id}/save", headers=headers, json={"version": old, "edits": [{"action": "accept", "section": "mentions", "index": 0}]})
    assert first.status_code == 200
    second = client.post(f"/api/doc/{doc_id}/save", headers=headers, json={"version": old, "edits": [{"action": "accept", "section": "mentions", "index": 1}]})
    assert second.status_code == 409 and "changed since this page was opened" in second.json()["error"]


def test_mark_reviewed_is_refused_while_anything_is_unchecked(drafted):
    root, doc_id, client = drafted
    r = client.post(f"/api/doc/{doc_id}/save", headers={"X-Review-Token": TOKEN}, json={"version": version(root, doc_id), "edits": [], "mark_reviewed": True})
    assert r.status_code == 422
    assert "status: draft" in (root / "seeds/annotations" / f"{doc_id}.yaml").read_text(encoding="utf-8")


def test_a_registry_actor_is_added_and_a_bad_one_refused_without_a_trace(drafted):
    root, _doc_id, client = drafted
    headers = {"X-Review-Token": TOKEN}
    r = client.post("/api/actors", headers=headers, json={"id": "yvan-gil", "name": "Yvan Gil", "type": "person", "country": "VEN"})
    assert r.status_code == 200, r.text
    assert (root / "seeds/actors.yaml").read_text(encoding="utf-8").endswith("  - {id: yvan-gil, name: Yvan Gil, type: person, country: VEN}\n")
    before = (root / "seeds/actors.yaml").read_bytes()
    r = client.post("/api/actors", headers=headers, json={"id": "someone", "name": "Someone", "type": "wizard"})
    assert r.status_code == 422 and "wizard" in r.json()["error"]
    assert (root / "seeds/actors.yaml").read_bytes() == before
    assert [a["id"] for a in client.get("/api/actors?q=yvan").json()] == ["yvan-gil"]


def test_the_page_says_which_actors_are_candidates_and_what_an_event_is(drafted):
    _root, doc_id, client = drafted
    page = client.get(f"/doc/{doc_id}").text
    assert "speaker yvan-gil is a candidate, not in the registry yet" in page
    assert "Candidate actors" in page and "Proposed events" in page


def test_likely_duplicates_are_offered_before_a_new_registry_actor():
    from unhrc_news.annotations import read_actors
    from unhrc_news.review_app import likely_duplicates

    actors = read_actors(REPO / "seeds/actors.yaml", "seeds/actors.yaml", REPO / "schemas")
    assert likely_duplicates("US State Department", actors)[0] == "us-state-department"
    assert likely_duplicates("Human Rights Council", actors)[0] == "unhrc"
    assert likely_duplicates("Yvan Gil", actors) == []


def test_the_review_command_refuses_an_unknown_document_before_starting():
    from click.testing import CliRunner

    from unhrc_news.cli import main

    result = CliRunner().invoke(main, ["--root", str(REPO), "review", "999_0000000000000000"])
    assert result.exit_code == 2 and "no article seeds/articles/999_0000000000000000.txt" in result.output
