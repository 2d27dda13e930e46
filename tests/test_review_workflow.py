"""Machine proposes, review decides: accounting in reviewed articles, `unhrc-news add`,
review drafts and pages, and the extraction cache."""
from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO, snapshot
from unhrc_news.cli import main
from unhrc_news.config import Settings
from unhrc_news.errors import InputError
from unhrc_news.pipeline import build

NEW = REPO / "tests/fixtures/new_article.txt"


def rows(root: Path, table: str) -> list[dict]:
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_unaccounted_machine_row_stops_the_build_and_is_listed(built):
    ann = built / "seeds/annotations/000_b879281f3141f40c.yaml"
    text = ann.read_text(encoding="utf-8")
    rejection = "  - table: mentions\n    text: Washington\n    reason: a place (where the State Department is), not the US government\n"
    assert rejection in text
    ann.write_text(text.replace(rejection, ""), encoding="utf-8")
    before = snapshot(built)
    with pytest.raises(InputError) as exc:
        build(Settings(root=built))
    assert str(exc.value).startswith("seeds/annotations/000_b879281f3141f40c.yaml: machine proposals: 1 not accounted for: actor_mentions 'Washington' (usa) at 126-136.")
    assert snapshot(built) == before


def test_deleting_a_reviewed_record_leaves_its_machine_row_unaccounted(built):
    ann = built / "seeds/annotations/001_f20d8db8fbf61a2b.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("  - {actor: phil-lynch, text: Phil Lynch}\n", ""), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        build(Settings(root=built))
    assert "1 not accounted for: actor_mentions 'Phil Lynch' (phil-lynch) at" in str(exc.value)
    assert "Fix: for each, add the reviewed record" in str(exc.value)


def test_add_a_new_article_end_to_end(built):
    result = CliRunner().invoke(main, ["--root", str(built), "add", str(NEW), "--publisher", "Example Wire", "--date", "2025-03-05"])
    assert result.exit_code == 0, result.output
    doc_id = result.output.strip().splitlines()[-1]
    assert doc_id.startswith("004_") and doc_id.endswith(hashlib.sha256(NEW.read_bytes()).hexdigest()[:16])
    assert (built / "seeds/articles" / f"{doc_id}.txt").read_bytes() == NEW.read_bytes()
    assert f"  {doc_id}.txt" in (built / "seeds/articles/SHA256SUMS").read_text()
    docs = {d["document_id"]: d for d in rows(built, "documents")}
    assert (docs[doc_id]["review_status"], docs[doc_id]["publisher"], docs[doc_id]["published_date"]) == ("unreviewed", "Example Wire", "2025-03-05")
    text = NEW.read_text(encoding="utf-8")
    for table in ("actor_mentions", "quotes", "statistics", "event_evidence"):
        mine = [r for r in rows(built, table) if r["document_id"] == doc_id]
        assert mine and all(r["method"] == "machine" for r in mine), table
        assert all(text[int(r["start"]):int(r["end"])] == r["text"] for r in mine), table
    assert {"omar-zniber", "yvan-gil"} <= {a["actor_id"] for a in rows(built, "actors") if a["method"] == "machine"}
    draft = (built / "seeds/annotations" / f"{doc_id}.yaml").read_text(encoding="utf-8")
    assert "status: draft" in draft and draft.count("# machine") >= 10
    page = (built / "build/review" / f"{doc_id}.html").read_text(encoding="utf-8")
    # the static page: header, legend, the text as written in paragraphs, marks that never
    # overlap (nested, not crossed), events with actors and date, candidates marked
    assert f"{doc_id} · Example Wire · 2025-03-05" in page and 'class="legend"' in page
    assert page.count("<p>") == len([p for p in text.split("\n") if p.strip()])
    assert "speaker yvan-gil (candidate); cue said; direct" in page and "1200 person (more_than): people" in page
    assert re.search(r"boycott, 2025-03-\d\d, announced: [^<]*ven agent", page)
    body = page.split('<article id="article">', 1)[1].split("</article>", 1)[0]
    depth = 0
    for tag in re.findall(r"</?mark", body):  # every mark closes before its parent: no crossed labels
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert depth == 0
    assert CliRunner().invoke(main, ["--root", str(built), "validate"]).exit_code == 0
    # the reviewed articles were served from the cache: at most the new article was extracted
    # (another test may have cached it already)
    assert re.search(r"extract: (1 of 5 articles extracted \(4 cached\)|0 of 5 articles extracted \(5 cached\))", result.output)


def test_re_adding_is_a_no_op(built):
    runner = CliRunner()
    assert runner.invoke(main, ["--root", str(built), "add", str(NEW)]).exit_code == 0
    before = snapshot(built)
    sums = (built / "seeds/articles/SHA256SUMS").read_bytes()
    again = runner.invoke(main, ["--root", str(built), "add", str(NEW)])
    assert again.exit_code == 0 and "already in the package as 004_" in again.output and "nothing added" in again.output
    assert snapshot(built) == before and (built / "seeds/articles/SHA256SUMS").read_bytes() == sums


@pytest.mark.parametrize("content, reason", [
    (b"", "the article is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary"),
    ("Caf\u00e9 au lait in Geneva, where the council meets every year for many long weeks of debate and more".encode("cp1252"), "the text is not UTF-8"),
])
def test_a_file_that_is_not_an_article_is_refused_and_nothing_changes(built, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = snapshot(built)
    listing = sorted(p.name for p in (built / "seeds").rglob("*"))
    result = CliRunner().invoke(main, ["--root", str(built), "add", str(bad)])
    assert result.exit_code == 1
    assert f"error: {bad}" in result.output and reason in result.output
    assert snapshot(built) == before and sorted(p.name for p in (built / "seeds").rglob("*")) == listing


def test_reviewed_draft_becomes_curated_rows(built):
    """A reviewer who accepts the draft as it is gets the same rows, now method=curated."""
    result = CliRunner().invoke(main, ["--root", str(built), "add", str(NEW)])
    doc_id = result.output.strip().splitlines()[-1]
    draft_path = built / "seeds/annotations" / f"{doc_id}.yaml"
    draft = draft_path.read_text(encoding="utf-8")
    # Register the candidate actors and the proposed events, as the draft asks.
    actors = "".join(l[1:] + "\n" for l in draft.splitlines() if l.startswith("#  - {id:"))
    (built / "seeds/actors.yaml").write_text((built / "seeds/actors.yaml").read_text(encoding="utf-8") + actors, encoding="utf-8")
    events = draft.split("# Proposed entries for seeds/events.yaml", 1)[1].split("\n", 1)[1]
    events = "".join(l[1:] + "\n" for l in events.splitlines() if l.startswith("#"))
    events = "\n".join(l for l in events.splitlines() if "date_start" not in l and "date_end" not in l and "date_text" not in l) + "\n"
    (built / "seeds/events.yaml").write_text((built / "seeds/events.yaml").read_text(encoding="utf-8") + events, encoding="utf-8")
    draft_path.write_text(draft.replace("status: draft", "status: reviewed").split("# Proposed entries")[0]
                          .replace('measure: "TODO: what is counted"', 'measure: "votes against"'), encoding="utf-8")
    build(Settings(root=built))
    mine = [r for r in rows(built, "quotes") if r["document_id"] == doc_id]
    assert mine and all(r["method"] == "curated" for r in mine)
    assert next(d for d in rows(built, "documents") if d["document_id"] == doc_id)["review_status"] == "reviewed"
