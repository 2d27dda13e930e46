"""Adversarial tests: the package tried as an attacker or a careless user would. Each case
asserts the exit status, the one-line message and that the published package (data/,
datapackage.json) and the inputs (seeds/) are unchanged. docs/security.md says what each
interface may and may not do."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import unhrc_news
from conftest import REPO
from test_publish import TOKEN, FakeService
from unhrc_news.cli import main


def state_of(root: Path) -> dict[str, bytes]:
    """Every file of the published package and of seeds/ -> its bytes."""
    files = {p.relative_to(root).as_posix(): p.read_bytes() for base in ("data", "seeds") for p in sorted((root / base).rglob("*")) if p.is_file()}
    files["datapackage.json"] = (root / "datapackage.json").read_bytes()
    return files


def cli(root: Path, *args: str, **kw):
    return CliRunner().invoke(main, ["--root", str(root), *args], **kw)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("error:", "invalid:"))]


def refused(root: Path, *args: str) -> list[str]:
    """Run a command that must be refused -> its error lines, having checked exit status 1 and
    that the published package and seeds/ are unchanged."""
    before = state_of(root)
    result = cli(root, *args)
    assert result.exit_code == 1, result.output
    assert state_of(root) == before
    return error_lines(result.output)


# ---------------------------------------------------------------- the SQL interface

@pytest.mark.parametrize("statement, refused", [
    ("COPY (SELECT quote_id FROM quotes LIMIT 2) TO 'data/quotes.csv' (HEADER false)", "file system operations are disabled"),
    ("ATTACH 'x.db' AS e (READ_WRITE)", "file system operations are disabled"),
    ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
    ("SELECT * FROM read_text('/etc/hostname')", "file system operations are disabled"),
    ("SELECT * FROM glob('/etc/*')", "file system operations are disabled"),
    ("INSTALL httpfs", "Permission Error"),
    ("LOAD httpfs", "Loading external extensions is disabled"),
    ("SET enable_external_access = true", "Cannot change configuration option"),
    ("CREATE TABLE t AS SELECT 1", "read-only"),
])
def test_sql_can_neither_read_nor_write_files(built, statement, refused, monkeypatch):
    monkeypatch.chdir(built)
    before = state_of(built)
    result = cli(built, "sql", statement)
    assert result.exit_code == 1
    assert len(error_lines(result.output)) == 1 and refused in error_lines(result.output)[0]
    assert state_of(built) == before and not (built / "x.db").exists()


def test_connect_is_sandboxed_too(built):
    con = unhrc_news.connect(path=built)
    with pytest.raises(duckdb.PermissionException):
        con.execute(f"COPY (SELECT 1) TO '{built / 'data' / 'quotes.csv'}'").fetchall()
    with pytest.raises(duckdb.Error, match="Cannot change configuration option"):
        con.execute("SET enable_external_access = true")
    assert con.execute("SELECT count(*) FROM quotes").fetchone()[0] == 28


def test_several_statements_all_run_and_all_show(built):
    result = cli(built, "sql", "SELECT 'a;b' AS x; SELECT count(*) AS n FROM actors", "--format", "csv")
    assert result.exit_code == 0 and result.output.split() == ["x", "a;b", "n", "46"]
    piped = cli(built, "sql", "--format", "csv", input="SELECT 'c;d' AS y;\nSELECT\n  2 AS two;\n")
    assert piped.exit_code == 0 and piped.output.split() == ["y", "c;d", "two", "2"]


# ---------------------------------------------------------------- untrusted packages

@pytest.fixture
def downloaded(package, tmp_path):
    """A release folder someone sent us, carrying an extra SQL file that writes a file."""
    folder = tmp_path / "download"
    for name in ("data", "schemas"):
        shutil.copytree(package / name, folder / name)
    shutil.copy(package / "datapackage.json", folder)
    marker = tmp_path / "pwned.csv"
    (folder / "schemas/sql/zz.sql").write_text(f"COPY (SELECT 1 AS x) TO '{marker}';\nCREATE VIEW zz AS SELECT 1 AS x;\n", encoding="utf-8")
    return folder, marker


def test_opening_a_package_runs_none_of_its_sql(downloaded):
    folder, marker = downloaded
    result = CliRunner().invoke(main, ["sql", "SELECT count(*) AS n FROM quotes", "--path", str(folder), "--format", "csv"])
    assert result.exit_code == 0 and result.output.split() == ["n", "28"]
    con = unhrc_news.connect(path=folder)
    assert con.execute("SELECT count(*) FROM quotes_with_speakers").fetchone()[0] == 28
    with pytest.raises(duckdb.CatalogException):
        con.execute("SELECT * FROM zz")
    assert not marker.exists()


def test_validate_names_sql_a_package_should_not_carry(downloaded, package):
    folder, marker = downloaded
    result = CliRunner().invoke(main, ["--root", str(package), "validate", str(folder)])
    assert result.exit_code == 1
    assert "invalid: [package] package: schemas/sql/zz.sql is not one of the views this unhrc-news ships (never executed; remove it)" in result.output
    assert not marker.exists()


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["resources"][0].__setitem__("schema", "http://127.0.0.1:9/schema.json"), "schema given by reference ('http://127.0.0.1:9/schema.json'); refused without fetching it"),
    (lambda d: d["resources"][0].__setitem__("path", "https://example.org/actors.csv"), "path 'https://example.org/actors.csv' leaves the package folder"),
    (lambda d: d["resources"][0].__setitem__("path", "../../etc/passwd"), "path '../../etc/passwd' leaves the package folder"),
    (lambda d: d.__setitem__("$schema", "http://127.0.0.1:9/profile.json"), "$schema 'http://127.0.0.1:9/profile.json' is not the Data Package v2 profile"),
])
def test_validate_never_leaves_the_folder(downloaded, package, edit, message):
    folder, _ = downloaded
    (folder / "schemas/sql/zz.sql").unlink()
    desc = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    edit(desc)
    (folder / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(package), "validate", str(folder)])
    assert result.exit_code == 1
    lines = error_lines(result.output)
    assert len(lines) == 1 and message in lines[0]


# ---------------------------------------------------------------- hostile YAML

BOMB = textwrap.dedent("""\
    status: reviewed
    document: {publisher: Example, publisher_basis: stated, published_date: "2025-01-01", published_date_basis: stated}
    mentions:
      - a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
        e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
        f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
        g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
        h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
        i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
        text: *i
        actor: usa
    """)


def test_a_yaml_alias_bomb_is_refused_before_it_expands(built):
    """Run in a child process capped at 1 GiB: expanding the bomb would need tens of GB."""
    ann = built / "seeds/annotations/000_b879281f3141f40c.yaml"
    ann.write_text(BOMB, encoding="utf-8")
    before = state_of(built)
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        from unhrc_news.cli import main
        sys.argv = ["unhrc-news", "--root", {str(built)!r}, "build", "--quiet"]
        main()
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert out.returncode == 1, out.stderr[-2000:]
    assert error_lines(out.stderr) == ["error: seeds/annotations/000_b879281f3141f40c.yaml: line 5, column 12: a YAML alias (*name) is not allowed here. "
                                       "Fix: write the value out in full; annotation files use no anchors or aliases"]
    assert state_of(built) == before


def test_a_value_of_the_wrong_type_is_named_not_printed(built):
    ann = built / "seeds/annotations/000_b879281f3141f40c.yaml"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(text.replace("mentions:\n", "mentions:\n  - {actor: usa, text: [" + ", ".join(['"x"'] * 5000) + "]}\n", 1), encoding="utf-8")
    (line,) = refused(built, "build", "--quiet")
    assert "mentions[1] (<a list>): `text` must be a single value, not a list" in line and len(line) < 300


# ---------------------------------------------------------------- dates, sizes and files

def test_add_refuses_a_date_the_calendar_does_not_have(built):
    assert refused(built, "add", str(REPO / "tests/fixtures/new_article.txt"), "--date", "2025-02-30") == [
        "error: command line: --date: date '2025-02-30' is not a day of the calendar. Fix: check the month and day"]


@pytest.mark.parametrize("date, message", [
    ("1900-05-01", "date 1900-05-01 is before 1945, not a plausible date for news of the UN human-rights system"),
    ("2099-01-01", "date 2099-01-01 is after today"),
])
def test_add_refuses_implausible_publication_dates(built, date, message):
    (line,) = refused(built, "add", str(REPO / "tests/fixtures/new_article.txt"), "--date", date)
    assert message in line


def test_force_date_accepts_an_early_date_but_never_a_future_one(built):
    ok = cli(built, "add", str(REPO / "tests/fixtures/new_article.txt"), "--date", "1944-06-06", "--force-date")
    assert ok.exit_code == 0, ok.output


def test_an_annotation_date_that_does_not_exist_is_one_line(built):
    ann = built / "seeds/annotations/000_b879281f3141f40c.yaml"
    text = ann.read_text(encoding="utf-8")
    ann.write_text(text.replace('published_date: "2017-03-20"', 'published_date: "2017-02-30"'), encoding="utf-8")
    assert refused(built, "build", "--quiet") == ["error: seeds/annotations/000_b879281f3141f40c.yaml: document: published_date '2017-02-30' is not a day of the calendar. "
                                                  "Fix: write the date at the precision known, quoted"]


def test_an_unquoted_event_date_that_does_not_exist_is_one_line(built):
    events = built / "seeds/events.yaml"
    text = events.read_text(encoding="utf-8")
    first_date = next(line for line in text.splitlines() if line.strip().startswith("date: "))
    events.write_text(text.replace(first_date, first_date.split("date:")[0] + "date: 2017-02-30", 1), encoding="utf-8")
    (line,) = refused(built, "build", "--quiet")
    assert line.startswith("error: seeds/events.yaml: events[") and "date '2017-02-30' is not a day of the calendar" in line


def test_an_occurred_event_in_the_future_is_refused(built):
    events = built / "seeds/events.yaml"
    text = events.read_text(encoding="utf-8")
    first_date = next(line for line in text.splitlines() if line.strip().startswith("date: ") and "20" in line)
    events.write_text(text.replace(first_date, first_date.split("date:")[0] + 'date: "2099-01-01"', 1), encoding="utf-8")
    result = cli(built, "build", "--quiet")
    assert result.exit_code == 1
    (line,) = error_lines(result.output)
    assert "dated 2099-01-01, after today" in line or "status occurred" in line


def test_an_article_too_long_for_the_extractor_is_refused_with_the_limit(built, tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("The council met again. " * 50_000, encoding="utf-8")
    (line,) = refused(built, "add", str(long))
    assert "holds 1,150,000 characters, more than the 1,000,000 the extractor reads at once" in line


@pytest.mark.parametrize("make, message", [
    (lambda tmp: (tmp / "link.txt").symlink_to("/etc/passwd") or tmp / "link.txt", "the path is a symbolic link"),
    (lambda tmp: Path("/dev/null"), "not a regular file"),
])
def test_links_and_devices_are_not_articles(built, tmp_path, make, message):
    (line,) = refused(built, "add", str(make(tmp_path)))
    assert message in line


def test_a_near_duplicate_is_reported_before_it_is_added(built, tmp_path):
    original = (built / "seeds/articles/002_fadd87fbb4cd4605.txt").read_text(encoding="utf-8")
    copy = tmp_path / "again.txt"
    copy.write_text(original.replace("Council", "council", 1), encoding="utf-8")
    result = cli(built, "add", str(copy))
    assert result.exit_code == 0, result.output
    assert f"note: {copy} is nearly the text of 002_fadd87fbb4cd4605" in result.output


# ---------------------------------------------------------------- concurrent and interrupted builds

def test_a_second_build_stops_with_one_line_while_one_runs(built):
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import fcntl, sys, time
        fh = open({str(built / 'build' / 'build.lock')!r}, "a+")
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0); fh.truncate(); fh.write("build (pid 4242)"); fh.flush()
        print("locked", flush=True)
        time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = state_of(built)
        result = cli(built, "build", "--quiet")
        assert result.exit_code == 1
        assert error_lines(result.output) == ["error: build/build.lock: another unhrc-news build (pid 4242) is running in this project. "
                                              "Fix: wait for it to finish, then run this again"]
        assert state_of(built) == before
    finally:
        holder.kill()


def test_a_publish_killed_after_its_first_rename_is_undone_by_validate(built, monkeypatch):
    from unhrc_news import publish
    from unhrc_news.config import Settings
    from unhrc_news.pipeline import build

    before = state_of(built)
    (built / "seeds/actors.yaml").write_text((built / "seeds/actors.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    real = os.replace

    def killed(src, dst):
        real(src, dst)
        if Path(src) == built / "data":
            raise KeyboardInterrupt  # the process dies right after moving the old data/ aside
    monkeypatch.setattr(publish.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        build(Settings(root=built))
    monkeypatch.setattr(publish.os, "replace", real)
    assert not (built / "data").exists(), "the kill left data/ moved aside"
    result = cli(built, "validate")
    assert result.exit_code == 0, result.output
    assert "publish: restored the package published before an interrupted publish" in result.output
    after = state_of(built)
    after.pop("seeds/actors.yaml"), before.pop("seeds/actors.yaml")
    assert after == before


def test_stale_temporary_files_are_cleaned_by_the_next_build(built):
    stale = [built / "build" / "unhrc_news.duckdb.999.tmp", built / "build" / "publish.journal.tmp"]
    for p in stale:
        p.write_text("left by a killed process", encoding="utf-8")
    assert cli(built, "build", "--quiet").exit_code == 0
    assert not any(p.exists() for p in stale)


# ---------------------------------------------------------------- publishing

@pytest.fixture
def bundled(built):
    from conftest import tag_version
    from unhrc_news.config import Settings
    from unhrc_news.release import build_bundle

    build_bundle(Settings(root=built), commit=tag_version(built))
    return built


def publish(root: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(root), "publish", *args], env={"CKAN_API_KEY": TOKEN, "ZENODO_TOKEN": TOKEN})


def test_an_error_body_echoing_the_token_never_shows_any_of_it(bundled):
    def echo(svc, method, path, headers, body):
        return 403, {"message": "x" * 280 + f" bad token {TOKEN} " + "y" * 100}
    svc = FakeService(echo)
    result = publish(bundled, "--to", "ckan", "--base-url", svc.url)
    assert result.exit_code == 1
    (line,) = error_lines(result.output)
    assert "HTTP 403" in line
    assert not any(TOKEN[i:i + 6] in line for i in range(len(TOKEN) - 5)), "part of the token was printed"


def test_an_unexpected_answer_is_one_line(bundled):
    svc = FakeService(lambda svc, method, path, headers, body: (200, {"success": True, "result": None}))
    result = publish(bundled, "--to", "ckan", "--base-url", svc.url)
    assert result.exit_code == 1
    (line,) = error_lines(result.output)
    assert "step 'package_create' failed (unexpected answer (AttributeError" in line and "Traceback" not in result.output


def test_a_token_is_never_sent_over_plain_http(bundled):
    result = publish(bundled, "--to", "ckan", "--base-url", "http://data.example.org")
    assert result.exit_code == 1
    assert error_lines(result.output) == ["error: refusing to send the token to http://data.example.org: only https is allowed "
                                          "(plain http only to localhost, for tests); give an https:// --base-url"]


def test_a_damaged_publish_journal_does_not_stop_the_next_build(built):
    (built / "build" / "publish.journal").write_text("{", encoding="utf-8")
    before = state_of(built)
    result = cli(built, "build")
    assert result.exit_code == 0, result.output
    assert not (built / "build" / "publish.journal").exists()
    assert state_of(built) == before
