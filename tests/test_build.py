"""The build end to end: valid, exact offsets, reproducible, stable ids, safe on failure."""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, add_new_article, snapshot
from unhrc_news.config import Settings
from unhrc_news.errors import InputError, ValidationFailed
from unhrc_news.pipeline import build
from unhrc_news.schemas import SPAN_TABLES, TABLES


def rows(root: Path, table: str) -> list[dict]:
    with open(root / "data" / f"{table}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_frictionless_cli_says_valid(package):
    frictionless = Path(sys.executable).with_name("frictionless")
    result = subprocess.run([str(frictionless), "validate", "--json", "datapackage.json"], cwd=package, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    assert json.loads(result.stdout)["valid"] is True


@pytest.mark.parametrize("table", SPAN_TABLES)
def test_every_span_is_the_articles_characters(package, table):
    docs = {d["document_id"]: (package / d["seed_path"]).read_text(encoding="utf-8") for d in rows(package, "documents")}
    table_rows = rows(package, table)
    assert table_rows
    for r in table_rows:
        assert docs[r["document_id"]][int(r["start"]):int(r["end"])] == r["text"], r


def test_two_builds_are_byte_identical(built):
    first = snapshot(built)
    build(Settings(root=built))
    assert snapshot(built) == first


def test_committed_package_is_what_the_seeds_build(package):
    """data/ and datapackage.json in the repository are not stale."""
    assert snapshot(package) == snapshot(REPO)


def test_adding_a_record_changes_no_existing_id(built):
    """An unrelated new actor and mention leave every existing id as it was."""
    id_columns = {"actor_mentions": "mention_id", "quotes": "quote_id", "statistics": "statistic_id", "events": "event_id", "actors": "actor_id"}
    before = {t: {r[c] for r in rows(built, t)} for t, c in id_columns.items()}
    registry = built / "seeds/actors.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "  - {id: jor, name: Jordan, type: state, country: JOR}\n", encoding="utf-8")
    ann = built / "seeds/annotations/000_b879281f3141f40c.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace(
        "mentions:\n", "mentions:\n  - {actor: jor, text: Jordanian}\n", 1), encoding="utf-8")
    build(Settings(root=built))
    after = {t: {r[c] for r in rows(built, t)} for t, c in id_columns.items()}
    for table in before:
        assert before[table] <= after[table], f"{table}: ids changed {before[table] - after[table]}"
    assert len(after["actor_mentions"]) == len(before["actor_mentions"]) + 1
    assert after["actors"] - before["actors"] == {"jor"}


def test_failed_build_leaves_published_files_untouched(built):
    before = snapshot(built)
    ann = built / "seeds/annotations/001_f20d8db8fbf61a2b.yaml"
    ann.write_text(ann.read_text(encoding="utf-8").replace("text: Phil Lynch}", "text: Phil Lynchh}"), encoding="utf-8")
    with pytest.raises(InputError):
        build(Settings(root=built))
    assert snapshot(built) == before


def test_validation_failure_publishes_nothing(built):
    """Tables that break their schema stop the build after staging, before publishing."""
    before = snapshot(built)
    schema_path = built / "schemas/tables/quotes.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    cue = next(f for f in schema["fields"] if f["name"] == "cue")
    cue["constraints"] = {"maxLength": 3}  # 'said' and longer cues now break the contract
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        build(Settings(root=built))
    assert any(line.startswith("[frictionless] quotes row") and "column cue" in line for line in exc.value.failures), exc.value.failures[:3]
    assert snapshot(built) == before


def test_descriptor_is_v2_with_hashes_sources_and_licences(package):
    desc = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert [r["name"] for r in desc["resources"]] == list(TABLES)
    for r in desc["resources"]:
        raw = (package / r["path"]).read_bytes()
        assert r["bytes"] == len(raw) and r["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        assert r["type"] == "table"
        on_disk = json.loads((REPO / "schemas/tables" / f"{r['name']}.schema.json").read_text(encoding="utf-8"))
        on_disk.pop("description")
        assert r["schema"] == on_disk, f"{r['name']}: inline schema drifted from schemas/tables"
    docs = rows(package, "documents")
    assert sorted(s["path"] for s in desc["sources"]) == sorted(d["seed_path"] for d in docs)
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"
    assert "copyright of their publishers" in desc["rights"]
    assert desc["version"] and desc["created"]


def test_fresh_root_without_data_builds(project):
    build(Settings(root=project))
    assert all((project / "data" / f"{t}.csv").exists() for t in TABLES)
    assert not (project / "build" / "staging").exists()


def test_a_rebuild_checks_changed_rows_only_while_the_published_package_is_vouched_for(built):
    """build/validated.json vouches for what the last build published; without it, or after a
    change to schemas/, every row is checked again."""
    from unhrc_news.delta import MARKER

    said: list[str] = []
    build(Settings(root=built), say=said.append)
    assert any(line.startswith("validate:") and "new and changed rows" in line for line in said)
    (built / "build" / MARKER).unlink()
    said.clear()
    build(Settings(root=built), say=said.append)
    assert any(line.startswith("validate:") and "(every row;" in line for line in said)
    said.clear()
    build(Settings(root=built), say=said.append)
    assert any("new and changed rows" in line for line in said)
    policy = built / "schemas/editorial.yaml"
    policy.write_text(policy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    said.clear()
    build(Settings(root=built), say=said.append)
    assert any(line.startswith("validate:") and "(every row;" in line for line in said)


def test_validation_keeps_no_table_in_memory_afterwards(package):
    """Great Expectations caches the DataFrames it validated; a long-lived process (one `add`
    after another) must not keep the last package's tables alive."""
    import gc

    from unhrc_news.validate import validate_package

    assert validate_package(package, package) == []
    gc.collect()
    assert [o for o in gc.get_objects() if type(o).__name__ == "PandasBatchData"] == []
    from unhrc_news.expectations import _CONTEXTS

    engines = [source.get_execution_engine() for ctx, _ in _CONTEXTS.values() for source in ctx.data_sources.all().values()]
    assert engines and all(not getattr(e, "_metric_cache", {}) for e in engines)


def test_a_full_build_does_not_keep_the_package_in_memory(built):
    """Thousands of articles must not be held three times over (candidates, span rows, table
    rows) while the guards run: each stage lets go of what no later stage reads."""
    doc = add_new_article(built)
    state = build(dataclasses.replace(Settings(root=built), full_build=True))
    assert state.carry is None and state.tables == {} and state.fresh == {} and state.unreviewed == [doc]
    # the unreviewed article's machine rows went straight from the cache into the tables
    assert all(r["method"] == "curated" for rows_ in state.spans.values() for r in rows_)
    assert not any(r["document_id"] == doc for rows_ in state.spans.values() for r in rows_)
    # the candidates are read from the extraction cache when asked for, not held
    assert not isinstance(state.machine, dict) and list(state.machine) == list(state.articles)
    quotes = [q for q in rows(built, "quotes") if q["document_id"] == doc]
    assert quotes and {(int(q["start"]), int(q["end"])) for q in quotes} <= {(q["start"], q["end"]) for q in state.machine[doc]["quotes"]}
