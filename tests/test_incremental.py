"""Incremental builds: after a publish, a build rebuilds only the articles whose inputs changed
(and the reviewed ones) and merges their rows into the published tables. What users rely on:
the result is byte for byte what a full build writes, the database holds the same rows, and
anything the ledger cannot vouch for is built in full."""
from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from conftest import snapshot
from unhrc_news import ledger, merge, order
from unhrc_news.cli import main
from unhrc_news.config import Settings
from unhrc_news.pipeline import build
from unhrc_news.schemas import TABLES
from unhrc_news.write import encode_rows, header_bytes, split_rows

# Hand-written article pattern for these tests (not news copy): each variant is a new article.
PLACES = ["Geneva", "New York", "Nairobi", "Bangkok", "Vienna", "Santiago", "Dakar", "Amman", "Oslo", "Lima", "Quito"]


def article(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"{place.upper()} - The UN Human Rights Council heard on Monday that {120 + 7 * i} people were detained in {place} last year.\n"
        f"\"Detention without trial must end,\" the council's president said in {place} after the debate.\n"
        f"Amnesty International said at least {30 + i} of them were held for more than a month.\n"
    )


def add(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "add", *args])


def add_batch(root: Path, folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / f"batch-{numbers.start}.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["path", "publisher", "published_date"])
        for i in numbers:
            (folder / f"a{i}.txt").write_text(article(i), encoding="utf-8")
            w.writerow([f"a{i}.txt", "Test Wire", f"2025-03-{1 + i:02d}"])
    result = add(root, str(manifest))
    assert result.exit_code == 0, result.output


def full_build_of(root: Path, dest: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of root built from scratch, every document rebuilt."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("staging", "previous", "*.tmp"))
    with monkeypatch.context() as m:
        m.setenv("UNHRC_NEWS_FULL_BUILD", "1")
        build(Settings(root=dest))
    return dest


def database_rows(root: Path) -> dict[str, list[str]]:
    con = duckdb.connect(str(root / "build/unhrc_news.duckdb"), read_only=True)
    try:
        return {t: sorted(map(repr, con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in TABLES}
    finally:
        con.close()


def assert_same_as_full_build(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    full = full_build_of(root, tmp_path / "full", monkeypatch)
    assert snapshot(root) == snapshot(full)
    assert (root / "build/held-back.json").read_bytes() == (full / "build/held-back.json").read_bytes()
    assert database_rows(root) == database_rows(full)
    shutil.rmtree(full)


def test_adding_articles_rebuilds_only_them_and_equals_a_full_build(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    add_batch(built, tmp_path / "in", range(10))  # 4 reviewed + 10: most of the package changes, a full build
    messages: list[str] = []
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "a10.txt").write_text(article(10), encoding="utf-8")
    state = None
    from unhrc_news.add import add_articles

    add_articles([folder / "a10.txt"], Settings(root=built), publisher="Test Wire", date="2025-04-02", say=messages.append)
    said = "\n".join(messages)
    assert "rebuilding 5 (new, changed or reviewed), the rest as published" in said, said
    assert "5 of 15 documents rebuilt" in said
    assert "database: build/unhrc_news.duckdb updated" in said
    assert "building every document" not in said
    # add rewrote the new draft with its proposals after the build; the ledger knows that file
    # now, so the next build does not read it again.
    new_doc = max(ledger.read(Settings(root=built)).documents)
    draft = built / "seeds/annotations" / f"{new_doc}.yaml"
    assert ledger.read(Settings(root=built)).documents[new_doc]["stat"][1] == ledger.signature(draft)
    assert "\nmentions:" in draft.read_text(encoding="utf-8")  # the full draft, not the head written before the build
    assert_same_as_full_build(built, tmp_path, monkeypatch)

    # A changed draft (another publisher) rebuilds that article only, and again equals a full build.
    draft = next(p for p in sorted((built / "seeds/annotations").glob("*.yaml")) if "Test Wire" in p.read_text(encoding="utf-8"))
    draft.write_text(draft.read_text(encoding="utf-8").replace("Test Wire", "Other Wire"), encoding="utf-8")
    messages.clear()
    state = build(Settings(root=built), say=messages.append)
    assert state.carry is not None and draft.stem in state.carry.dirty and len(state.carry.dirty) == 5
    assert "Other Wire" in (built / "data/documents.csv").read_text(encoding="utf-8")
    assert_same_as_full_build(built, tmp_path, monkeypatch)


def test_what_the_ledger_cannot_vouch_for_is_built_in_full(built: Path, tmp_path: Path):
    add_batch(built, tmp_path / "in", range(10))
    settings = Settings(root=built)
    assert build(settings).carry is not None  # nothing changed: only the reviewed articles are rebuilt
    result = CliRunner().invoke(main, ["--root", str(built), "build", "--full"])
    assert result.exit_code == 0, result.output
    assert "publish: data/ and datapackage.json updated" in result.output and "the rest as published" not in result.output

    # A published table edited by hand: built in full, and the edit is undone.
    quotes = built / "data/quotes.csv"
    good = quotes.read_bytes()
    quotes.write_bytes(good + good.splitlines(keepends=True)[1])
    messages: list[str] = []
    assert build(settings, say=messages.append).carry is None
    assert "build: data/quotes.csv does not match datapackage.json; building in full" in messages
    assert quotes.read_bytes() == good

    # Shared inputs changed: every row may depend on the registries.
    actors = built / "seeds/actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8") + "\n# a comment changes the registry's bytes\n", encoding="utf-8")
    messages.clear()
    assert build(settings, say=messages.append).carry is None
    assert any("schemas/, the registries or the code changed" in m for m in messages)

    # A removed article: built in full.
    draft = sorted((built / "seeds/annotations").glob("*.yaml"))[-1]
    article_file = built / "seeds/articles" / f"{draft.stem}.txt"
    sums = built / "seeds/articles/SHA256SUMS"
    sums.write_text("".join(line for line in sums.read_text(encoding="utf-8").splitlines(keepends=True) if draft.stem not in line), encoding="utf-8")
    article_file.unlink()
    draft.unlink()
    messages.clear()
    assert build(settings, say=messages.append).carry is None
    assert any("1 article(s) removed since the last build" in m for m in messages)
    assert draft.stem not in (built / "data/documents.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("table", ["event_actors", "event_evidence", "actor_mentions"])
def test_merge_puts_every_row_where_a_full_sort_would(table: str):
    """Random rows owned by documents or by none; some documents rebuilt with other rows: the
    merged CSV equals the CSV of the kept and new rows sorted in the table's order."""
    rng = random.Random(7)
    docs = [f"d{i:02d}" for i in range(12)]
    columns = {"event_actors": ["event_id", "actor_id", "role", "method"],
               "event_evidence": ["event_id", "document_id", "start", "end", "text", "method"],
               "actor_mentions": ["mention_id", "document_id", "start", "end", "actor_id", "text", "method"]}[table]

    def rows_of(owner: str, n: int, salt: str) -> list[dict]:
        out = []
        for _ in range(n):
            start = rng.randrange(0, 5000)
            values = {"event_id": f"e_{rng.choice('abc')}{owner}{rng.randrange(50)}{salt}", "actor_id": rng.choice(["un", "ohchr", "x-ü"]),
                      "role": rng.choice(["agent", "target"]), "method": "machine", "document_id": owner, "start": start,
                      "end": start + rng.randrange(1, 40), "text": rng.choice(["a, \"quoted\" b", "plain", "ünï\ncode"]),
                      "mention_id": f"m_{rng.randrange(10**9)}"}
            out.append({c: values[c] for c in columns})
        return out

    def owned(rows: list[dict], owner: str) -> list[tuple[str, dict]]:
        return [(owner, r) for r in rows]

    old = [pair for d in docs for pair in owned(rows_of(d, rng.randrange(0, 6), "o"), d)]
    if table == "event_actors":
        old += owned(rows_of("", 5, "g"), order.GLOBAL)
    dirty = set(rng.sample(docs, 4)) | {"d99"}
    new = [pair for d in sorted(dirty) for pair in owned(rows_of(d, rng.randrange(0, 6), "n"), d)]
    if table == "event_actors":
        new += owned(rows_of("", 4, "h"), order.GLOBAL)

    def dedupe(pairs):
        seen, out = set(), []
        for o, r in pairs:
            k = order.key_text(table, r)
            if k not in seen:
                seen.add(k)
                out.append((o, r))
        return sorted(out, key=lambda p: order.sort_key(table)(p[1]))

    old, new = dedupe(old), dedupe(new)
    header = header_bytes(columns)
    body, lengths = encode_rows(columns, [r for _, r in old])
    layout = merge.layout_of(table, [o for o, _ in old], lengths, [order.key_text(table, r) for _, r in old])
    new_body, new_lengths = encode_rows(columns, [r for _, r in new])
    merged, new_layout, count = merge.merge(table, header, header + body, layout, dirty, sorted(set(docs) | dirty),
                                            split_rows(new_body, new_lengths), [r for _, r in new], [o for o, _ in new])
    kept = [(o, r) for o, r in old if o != order.GLOBAL and o not in dirty]
    expected_rows = sorted(kept + new, key=lambda p: order.sort_key(table)(p[1]))
    expected_body, expected_lengths = encode_rows(columns, [r for _, r in expected_rows])
    assert merged == header + expected_body
    assert count == len(expected_rows)
    assert plain(new_layout) == plain(merge.layout_of(table, [o for o, _ in expected_rows], expected_lengths,
                                                      [order.key_text(table, r) for _, r in expected_rows]))


def plain(layout: dict) -> dict:
    """A layout with its arrays as lists, owners by name: two layouts of the same rows compare equal."""
    if "runs" in layout:
        return layout
    return {"owner": [layout["names"][i] for i in layout["owner"].tolist()], "bytes": layout["bytes"].tolist(), "key": layout["key"].tolist()}


def test_the_ledger_reads_back_what_was_written(tmp_path: Path):
    settings = Settings(root=tmp_path)
    layout = {
        "documents": {"runs": [["a", 1, 10]]},
        "actors": merge.layout_of("actors", [""], [5], ["un"]),  # one row owned by no document
        "events": merge.layout_of("events", [], [], []),
        "event_actors": merge.layout_of("event_actors", ["", "a"], [3, 4], ["e\tun\tagent", "f\tx\ttargét"]),
    }
    written = ledger.Ledger("inputs", "descriptor", {"a": {"fp": "x", "reviewed": False, "candidates": {}, "held": [], "coverage": {}}},
                            layout, {"quotes": [1, 2, 3, 4]})
    ledger.write(settings, written)
    back = ledger.read(settings)
    assert back is not None
    assert (back.inputs, back.descriptor, back.documents, back.files) == (written.inputs, written.descriptor, written.documents, written.files)
    assert {t: plain(e) for t, e in back.layout.items()} == {t: plain(e) for t, e in layout.items()}
    # The JSON and the arrays were written together; a ledger whose arrays describe another
    # descriptor is not used.
    ledger.write(settings, ledger.Ledger("inputs", "other", {}, layout, {}))
    (settings.build / ledger.NAME).write_text(written.to_json(), encoding="utf-8")
    assert ledger.read(settings) is None


def test_an_article_changed_behind_the_ledgers_back_is_still_refused(built: Path, tmp_path: Path):
    """Unchanged articles are recognised by their files' size, times and inode; an edit that
    keeps the size and puts the modification time back still changes the inode's ctime."""
    import os

    from unhrc_news.errors import InputError

    add_batch(built, tmp_path / "in", range(10))
    path = sorted((built / "seeds/articles").glob("*.txt"))[-1]
    st = path.stat()
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"Monday", b"Sunday"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    with pytest.raises(InputError, match="the article has changed"):
        build(Settings(root=built))


def test_a_table_without_rows_encodes_to_nothing():
    assert encode_rows(["event_id", "actor_id"], []) == (b"", [])
    assert split_rows(b"", []) == []


def test_a_published_table_is_read_when_the_merge_asks_and_refused_if_changed_since(tmp_path: Path):
    """An incremental build reads each published CSV when it merges that table (a large package is
    never held whole); one changed after the build was planned starts the build again in full."""
    import os

    path = tmp_path / "quotes.csv"
    path.write_bytes(b"quote_id\nq1\n")
    published = ledger.PublishedFiles()
    published.paths["quotes"] = (path, ledger.signature(path))
    assert published["quotes"] == b"quote_id\nq1\n" and list(published) == ["quotes"]
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # the same bytes, touched
    with pytest.raises(ledger.FullBuildNeeded, match=r"quotes\.csv changed"):
        published["quotes"]
