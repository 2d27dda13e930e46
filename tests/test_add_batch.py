"""Growing the package: many inputs in one `add` and one build, manifests (CSV, JSON Lines),
saved web pages, the `supplied` basis, batch errors and --skip-bad, machine rows held back
rather than blocking an article, and editorial figures reported rather than enforced."""
from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, snapshot
from unhrc_news import extract, screen
from unhrc_news.cli import main

NEW = REPO / "tests/fixtures/new_article.txt"

# Hand-written articles for these tests (not news copy).
ARTICLE_A = (
    "GENEVA - The UN Human Rights Council opened its spring session on Monday with a debate on detention.\n"
    "\"Nobody should be held without charge,\" the council's president told delegates in the opening speech.\n"
    "More than 300 people remain in custody, the UN human rights office said.\n"
)
ARTICLE_B = (
    "NEW YORK - The General Assembly elected 15 states to the Human Rights Council on Tuesday for three-year terms.\n"
    "Human Rights Watch said several of the new members had poor records at home and urged voters to think again.\n"
    "\"Membership should be earned,\" the group's UN director said in a statement after the vote.\n"
)
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Council opens inquiry | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="og:title" content="Council opens inquiry into detentions">
<meta property="article:published_time" content="2025-03-05T09:30:00Z">
<link rel="canonical" href="https://wire.example.org/2025/03/05/council-inquiry">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | Subscribe</nav>
<article>
<h1>Council opens inquiry into detentions</h1>
<p>GENEVA - The UN Human Rights Council voted on Wednesday to open an inquiry into detentions, with 27 states in favour and 12 against.</p>
<p>"This is a day for the families of the detained," the council's president said after the vote in Geneva.</p>
<p>The inquiry will report back to the council in September, diplomats said.</p>
</article>
<footer>Copyright 2025 Example Wire. All rights reserved.</footer>
</body></html>
"""


def rows(root: Path, table: str) -> list[dict]:
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def documents(root: Path) -> dict[str, dict]:
    return {d["document_id"]: d for d in rows(root, "documents")}


def add(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "add", *args])


def added_ids(output: str) -> list[str]:
    return [line for line in output.splitlines() if len(line) == 20 and line[3] == "_"]


def test_csv_manifest_adds_every_row_with_its_own_metadata_in_one_build(built, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    manifest = tmp_path / "batch.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "text", "url", "title", "publisher", "published_date", "language"])
        w.writerow(["a.txt", "", "https://a.example.org/spring", "Council opens session", "Wire A", "2025-03-03", "en"])
        w.writerow(["", ARTICLE_B, "", "", "Paper B", "2024-10", ""])
    result = add(built, str(manifest))
    assert result.exit_code == 0, result.output
    assert result.output.count("ingest:") == 1, "one build for the whole batch"
    ids = added_ids(result.output)
    assert len(ids) == 2
    docs = documents(built)
    a, b = docs[ids[0]], docs[ids[1]]
    assert (a["publisher"], a["publisher_basis"], a["published_date"], a["published_date_basis"]) == ("Wire A", "supplied", "2025-03-03", "supplied")
    assert (a["url"], a["title"], a["page_sha256"]) == ("https://a.example.org/spring", "Council opens session", "")
    assert (b["publisher"], b["published_date"], b["published_date_precision"], b["url"]) == ("Paper B", "2024-10", "month", "")
    assert (built / a["seed_path"]).read_text(encoding="utf-8") == ARTICLE_A
    assert (built / b["seed_path"]).read_text(encoding="utf-8") == ARTICLE_B
    assert "not read from the article text" in a["notes"]


def test_jsonl_manifest(built, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub/a.txt").write_text(ARTICLE_A, encoding="utf-8")
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text(
        json.dumps({"path": "sub/a.txt", "publisher": "Wire A", "published_date": "2025-03-03"}) + "\n\n"
        + json.dumps({"text": ARTICLE_B, "publisher": "Paper B", "title": "Fifteen elected", "url": "https://b.example.org/x"}) + "\n",
        encoding="utf-8")
    result = add(built, str(manifest))
    assert result.exit_code == 0, result.output
    docs = documents(built)
    b = docs[added_ids(result.output)[1]]
    assert (b["title"], b["url"], b["published_date_basis"], b["publisher_basis"]) == ("Fifteen elected", "https://b.example.org/x", "unknown", "supplied")


def test_saved_web_page_stores_the_extracted_text_and_records_the_page(built, tmp_path):
    page = tmp_path / "council-inquiry.html"
    page.write_text(PAGE, encoding="utf-8")
    result = add(built, str(page))
    assert result.exit_code == 0, result.output
    (doc_id,) = added_ids(result.output)
    d = documents(built)[doc_id]
    assert d["page_sha256"] == hashlib.sha256(PAGE.encode("utf-8")).hexdigest()
    assert (d["title"], d["url"]) == ("Council opens inquiry into detentions", "https://wire.example.org/2025/03/05/council-inquiry")
    assert (d["publisher"], d["publisher_basis"], d["published_date"], d["published_date_basis"]) == ("Example Wire", "supplied", "2025-03-05", "supplied")
    text = (built / d["seed_path"]).read_text(encoding="utf-8")
    assert d["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text.startswith("GENEVA - The UN Human Rights Council voted on Wednesday")
    assert "Subscribe" not in text and "Copyright" not in text and "Council opens inquiry" not in text
    for table in ("actor_mentions", "quotes", "statistics"):
        for r in rows(built, table):
            if r["document_id"] == doc_id:
                assert text[int(r["start"]):int(r["end"])] == r["text"]
    assert any(q["document_id"] == doc_id for q in rows(built, "quotes"))


def test_publisher_and_date_from_the_command_line_are_supplied_not_stated(built):
    result = add(built, str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05", "--url", "https://wire.example.org/v")
    assert result.exit_code == 0, result.output
    d = documents(built)[added_ids(result.output)[0]]
    assert (d["publisher_basis"], d["published_date_basis"], d["url"]) == ("supplied", "supplied", "https://wire.example.org/v")
    draft = (built / "seeds/annotations" / f"{d['document_id']}.yaml").read_text(encoding="utf-8")
    assert 'publisher_basis: "supplied"' in draft and 'url: "https://wire.example.org/v"' in draft


def test_a_bad_batch_is_refused_whole_with_every_problem_listed(built, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    manifest = tmp_path / "batch.csv"
    manifest.write_text("path,publisher,published_date\ngood.txt,Wire,2025-02-30\nmissing.txt,Wire,2025-02-01\n", encoding="utf-8")
    before = snapshot(built)
    listing = sorted(p.name for p in (built / "seeds").rglob("*"))
    result = add(built, str(tmp_path / "good.txt"), str(tmp_path / "empty.txt"), str(manifest))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {tmp_path / 'empty.txt'}: the article is empty. Fix: give a file or `text` that holds the article",
        f"error: {manifest}: line 2: date '2025-02-30' is not a day of the calendar. Fix: check the month and day",
        f"error: {manifest}: line 3: missing.txt: no such file. Fix: give the path of an article (.txt), a saved page (.html) or a manifest (.csv, .jsonl)",
    ]
    assert "3 input(s) refused; nothing was added" in result.output
    assert snapshot(built) == before and sorted(p.name for p in (built / "seeds").rglob("*")) == listing


def test_skip_bad_adds_the_good_ones_and_lists_the_rest(built, tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE_A, encoding="utf-8")
    manifest = tmp_path / "batch.jsonl"
    manifest.write_text(json.dumps({"path": "good.txt", "publisher": "Wire"}) + "\n"
                        + json.dumps({"text": ARTICLE_B, "language": "fr"}) + "\n", encoding="utf-8")
    result = add(built, str(manifest), "--skip-bad")
    assert result.exit_code == 0, result.output
    assert len(added_ids(result.output)) == 1
    assert f"skipped: {manifest}: line 2: language 'fr' is not English. Fix: only English articles can be added" in result.output
    assert "1 added, 1 skipped" in result.output


def test_unknown_manifest_column_is_refused(built, tmp_path):
    manifest = tmp_path / "batch.csv"
    manifest.write_text("path,publisher,date_published\na.txt,Wire,2025-01-01\n", encoding="utf-8")
    result = add(built, str(manifest))
    assert result.exit_code == 1
    assert "header: unknown column(s) 'date_published'. Fix: use only: path, text, url, title, publisher, published_date, language" in result.output


def misread_statistics(monkeypatch, cache: Path, *, twice: bool = False) -> None:
    """Make extraction misread the fixture article's "1,200" as a range with its maximum below
    its value (and, with twice, propose one statistic two times), caching apart from the shared
    cache so the patched rows reach no other test."""
    monkeypatch.setenv("UNHRC_NEWS_CACHE", str(cache))
    real = extract.extract_statistics

    def misreading(doc, mentions):
        found = real(doc, mentions)
        if "1,200" not in doc.text:
            return found
        start = doc.text.index("1,200")
        bad = {**found[0], "start": start, "end": start + 5, "text": "1,200", "value": "1200", "value_max": "2", "qualifier": "range"}
        return [*found, bad, *([dict(found[0])] if twice else [])]

    monkeypatch.setattr(extract, "extract_statistics", misreading)


def test_a_machine_row_that_breaks_a_contract_rule_is_held_back_and_the_article_added(built, tmp_path, monkeypatch):
    """A misread range (maximum below the value) must not block its article."""
    misread_statistics(monkeypatch, tmp_path / "cache")
    result = add(built, str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05")
    assert result.exit_code == 0, result.output
    (doc_id,) = added_ids(result.output)
    assert "1 statistics machine row(s) held back" in result.output
    assert not [s for s in rows(built, "statistics") if s["document_id"] == doc_id and s["text"] == "1,200"]
    assert [s for s in rows(built, "statistics") if s["document_id"] == doc_id], "the article's other statistics are published"
    draft = (built / "seeds/annotations" / f"{doc_id}.yaml").read_text(encoding="utf-8")
    assert "#  - statistics \"1,200\"" in draft and "breaks value_max: value_max not below value" in draft
    held = json.loads((built / "build/held-back.json").read_text(encoding="utf-8"))
    assert [(h["document_id"], h["text"]) for h in held] == [(doc_id, "1,200")]
    status = CliRunner().invoke(main, ["--root", str(built), "status", "--format", "json"])
    assert next(d for d in json.loads(status.output)["documents"] if d["document_id"] == doc_id)["held_back"] == 1


@pytest.mark.parametrize("chunk", [1, screen.SCREEN_ROWS])
def test_the_screen_judges_machine_rows_alike_one_at_a_time(built, tmp_path, monkeypatch, chunk):
    """The screen checks machine rows a chunk at a time; a rule over a whole column (a repeated
    id) must still see both rows when they fall in different chunks."""
    monkeypatch.setattr(screen, "SCREEN_ROWS", chunk)
    misread_statistics(monkeypatch, tmp_path / "cache", twice=True)
    result = add(built, str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05")
    assert result.exit_code == 0, result.output
    held = json.loads((built / "build/held-back.json").read_text(encoding="utf-8"))
    twice = [h for h in held if "statistic_id: field_uniqueness" in h["rules"]]
    assert len(twice) == 2 and twice[0]["start"] == twice[1]["start"]
    assert [h["text"] for h in held if "value_max: value_max not below value" in h["rules"]] == ["1,200"]
    assert len(held) == 3


def test_status_reports_review_and_shares(built):
    add(built, str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05")
    result = CliRunner().invoke(main, ["--root", str(built), "status"])
    assert result.exit_code == 0, result.output
    assert "4 of 5 articles reviewed" in result.output and "of span rows curated" in result.output
    assert "of quotes name their speaker" in result.output and "drafts waiting for review: 1" in result.output
    data = json.loads(CliRunner().invoke(main, ["--root", str(built), "status", "--format", "json"]).output)
    new = [d for d in data["documents"] if d["review_status"] == "unreviewed"]
    assert len(new) == 1 and new[0]["draft_waiting"] == "yes" and new[0]["quotes_machine"] > 0 and new[0]["quotes_curated"] == 0
    assert 0 < data["curated_share"] < 1


def test_editorial_shares_are_not_expectations():
    from unhrc_news.expectations import expectation_configs

    for table in ("actor_mentions", "event_evidence", "quotes", "statistics"):
        for conf in expectation_configs(REPO / "schemas", table):
            assert "mostly" not in conf["kwargs"], (table, conf)
            assert conf["kwargs"].get("column") != "method" or "mostly" not in conf["kwargs"]


def test_a_release_minimum_refuses_a_release_below_it(built):
    add(built, str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05")
    runner = CliRunner()
    ok = runner.invoke(main, ["--root", str(built), "release", "--bump", "minor", "--dry-run"])
    assert ok.exit_code == 0, ok.output
    assert "Release minimums (schemas/editorial.yaml): none." in ok.output
    policy = built / "schemas/editorial.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("curated_share: null", "curated_share: 0.99"), encoding="utf-8")
    refused = runner.invoke(main, ["--root", str(built), "release", "--bump", "minor", "--dry-run"])
    assert refused.exit_code == 1
    assert "schemas/editorial.yaml: release_minimums: this release would fall short: curated_share is" in refused.output
    assert "below the minimum 99.0%" in refused.output


@pytest.mark.parametrize("bad, message", [
    ("1.5", "1.5 is not a share between 0 and 1"),
    ("yes", "True is not a share between 0 and 1"),
])
def test_a_bad_release_minimum_is_one_line(built, bad, message):
    policy = built / "schemas/editorial.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("curated_share: null", f"curated_share: {bad}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(built), "release", "--bump", "minor", "--dry-run"])
    assert result.exit_code == 1 and message in result.output


def test_the_dataset_card_states_review_coverage(built):
    from unhrc_news import coverage, metadata

    add(built, str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05")
    desc = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    cov = coverage.measure(coverage.read_tables(built))
    card = metadata.dataset_card(desc, cov)
    assert "## Reviewed and machine rows" in card
    assert "4 of 5 articles reviewed." in card
    assert f"share of span-table rows reviewed (method=curated): {coverage.percent(cov.curated_share)}" in card
    assert cov.curated_share is not None and cov.curated_share < 1
