"""The `unhrc-news` command.

One group option, `--root`, names the project: the group puts its Settings in the click context
and every command takes them from there. Errors take one path: a command raises a CommandError
(bad input, invalid tables, a refused request) and the group prints it (one line per problem,
then any note the command attached) and exits 1.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .config import Settings
from .errors import CommandError, InputErrors, ValidationFailed
from .schemas import TABLES
from .validate import GUARDS


def report(exc: CommandError) -> None:
    """A CommandError -> stderr: `invalid: ...` per failed rule, `error: ...` per bad input."""
    if isinstance(exc, ValidationFailed):
        lines = [f"invalid: {line}" for line in exc.failures]
    elif isinstance(exc, InputErrors):
        lines = [f"error: {e}" for e in exc.errors]
    else:
        lines = [f"error: {exc}"]
    for line in [*lines, *getattr(exc, "__notes__", [])]:
        click.echo(line, err=True)


class Cli(click.Group):
    """The command group; turns every CommandError into the same report and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CommandError as exc:
            report(exc)
            ctx.exit(1)


pass_settings = click.make_pass_decorator(Settings)
VIEWS = "quotes_with_speakers, statistics_with_sources, event_timeline, actor_profiles, actor_article_profiles, actor_cooccurrence, document_summaries"


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout, or $UNHRC_NEWS_ROOT).")
@click.version_option(package_name="unhrc-news")
@click.pass_context
def main(ctx: click.Context, root: str | None) -> None:
    """Build, check and query the unhrc-news data package.

    \b
    Examples:
      unhrc-news build              # seeds/ -> data/*.csv + datapackage.json
      unhrc-news validate           # check the published package
      unhrc-news validate /tmp/pkg  # check a package in another folder
      unhrc-news add article.txt --publisher "Reuters" --date 2025-11-08
      unhrc-news status             # review status and machine/curated rows per article
      unhrc-news eval               # machine extraction against the reviewed rows
      unhrc-news --root ~/other-checkout build
    """
    ctx.obj = Settings(root=Path(root).resolve()) if root else Settings()


@main.command()
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("--full", is_flag=True, help="Rebuild every article, not only new and changed ones.")
@click.option("--cluster", "cluster", default=None, metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (default: $UNHRC_NEWS_CLUSTER, else this machine).")
@pass_settings
def build(settings: Settings, quiet: bool, full: bool, cluster: str | None) -> None:
    """Build the tables from seeds/, validate them, then publish data/ and datapackage.json.

    A failed build changes nothing in data/ or datapackage.json. After the first build, only
    new and changed articles are rebuilt, with the same result as rebuilding all (--full).
    With --cluster the articles are extracted by a Dask cluster's workers (docs/scaling.md);
    the tables are the same byte for byte.

    \b
    Example:
      unhrc-news build
      unhrc-news build --full
      unhrc-news build --cluster tcp://scheduler.example.org:8786
    """
    import dataclasses

    from .pipeline import build as run_build

    if full:
        settings = dataclasses.replace(settings, full_build=True)
    if cluster:
        settings = dataclasses.replace(settings, cluster=cluster)

    say = (lambda m: None) if quiet else (lambda m: click.echo(m, err=True))
    try:
        run_build(settings, say=say)
    except ValidationFailed as exc:
        exc.add_note(f"The build stopped with {len(exc.failures)} validation failure(s); data/ and datapackage.json are unchanged.")
        raise
    except CommandError as exc:
        exc.add_note("The build stopped; data/ and datapackage.json are unchanged.")
        raise


@main.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, exists=True))
@click.option("--guard", "guards", multiple=True, type=click.Choice(GUARDS),
              help="Run only this guard (repeatable; default: all three).")
@pass_settings
def validate(settings: Settings, path: str | None, guards: tuple[str, ...]) -> None:
    """Validate a package folder (default: the published one) with Frictionless, pandera and
    Great Expectations; exit 0 only when all pass.

    Prints one line per failure: guard, table, row, column, value and rule. The GX report is
    written to build/validation-report.md.

    \b
    Examples:
      unhrc-news validate
      unhrc-news validate build/release/0.1.0
      unhrc-news validate --guard pandera
    """
    from .lock import BuildBusy, project_lock
    from .pipeline import tidy
    from .table_checks import missing_texts
    from .validate import validate_package

    folder = Path(path).resolve() if path else settings.root
    if folder == settings.root and settings.build.exists():
        try:  # an interrupted publish is finished or undone first, as a build would
            with project_lock(settings, "validate"):
                tidy(settings, lambda m: click.echo(m, err=True))
        except BuildBusy:
            pass  # a build is running and will do it
    failures = validate_package(folder, settings.root, guards=guards or GUARDS, report=settings.build / "validation-report.md")
    try:
        unverified = missing_texts(folder, settings.root)
    except Exception:  # an unreadable documents table is among the failures already
        unverified = []
    if unverified:
        click.echo(f"note: {len(unverified)} article text(s) not held here ({', '.join(unverified[:4])}{'...' if len(unverified) > 4 else ''}): "
                   "their offsets were not checked; put them back with `unhrc-news attach-texts`", err=True)
    if failures:
        exc = ValidationFailed(failures)
        exc.add_note(f"{len(failures)} failure(s) in {folder}")
        raise exc
    click.echo(f"valid: {folder / 'datapackage.json'} ({', '.join(guards or GUARDS)})")


@main.command()
@pass_settings
def generate(settings: Settings) -> None:
    """Regenerate what derives from the Table Schemas: schemas/pandera/*.yaml,
    schemas/expectations/*.json and docs/data-dictionary.md.

    \b
    Example:
      unhrc-news generate
    """
    from .generate import write_all

    changed = write_all(settings.root)
    for path in changed:
        click.echo(f"wrote {settings.rel(path)}")
    if not changed:
        click.echo("generated files are up to date")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--publisher", default="", help="Publisher of the articles given directly (manifest rows carry their own).")
@click.option("--date", "date", default="", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--url", default="", help="Web address of the article (one article only).")
@click.option("--title", default="", help="Headline of the article (one article only).")
@click.option("--skip-bad", is_flag=True, help="Add the good inputs and list the bad ones, instead of refusing the whole batch.")
@click.option("--force-date", is_flag=True, help="Accept a publication date before 1945 (never one after today).")
@pass_settings
def add(settings: Settings, paths: tuple[str, ...], publisher: str, date: str, url: str, title: str, skip_bad: bool, force_date: bool) -> None:
    """Add articles and build once: copy each into seeds/articles/, update SHA256SUMS, build,
    and write a review draft (seeds/annotations/<id>.yaml) and page (build/review/<id>.html).

    PATHS are article texts (.txt), saved web pages (.html: the main text, title, date, site
    name and URL are extracted with trafilatura) and manifests (.csv or .jsonl: one article per
    row with columns path or text, url, title, publisher, published_date, language). Publisher
    and date given here or in a manifest are recorded with basis `supplied`.

    A batch is all-or-nothing: one bad input refuses the call and every problem is listed;
    with --skip-bad the good ones are added. Re-adding an article changes nothing. Machine
    proposals that break a contract rule are held back and listed in the draft.

    \b
    Examples:
      unhrc-news add ~/news/un-review.txt --publisher "Al Jazeera" --date 2025-11-08
      unhrc-news add ~/saved/un-review.html
      unhrc-news add batch.csv --skip-bad
    """
    from .add import add_articles

    if (url or title) and len(paths) > 1:
        raise CommandError("--url and --title describe one article; give one path, or use a manifest")
    try:
        result = add_articles([Path(p) for p in paths], settings, publisher=publisher, date=date, url=url, title=title,
                              skip_bad=skip_bad, force_date=force_date, say=lambda m: click.echo(m, err=True))
    except InputErrors as exc:
        exc.add_note(f"{len(exc.errors)} input(s) refused; nothing was added. Fix them, or add the others with --skip-bad.")
        raise
    for line in result.skipped:
        click.echo(f"skipped: {line}", err=True)
    if not result.added:
        click.echo("nothing added")
    for a in result.added:
        click.echo(a.document_id)
    if result.skipped:
        click.echo(f"{len(result.added)} added, {len(result.skipped)} skipped (listed above)", err=True)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_settings
def status(settings: Settings, fmt: str) -> None:
    """Where review stands: per document its publisher, date, review status, whether a draft
    waits, machine/curated rows per table (m/c) and machine rows held back; then the share of
    reviewed rows and of quotes that name their speaker.

    \b
    Examples:
      unhrc-news status
      unhrc-news status --format csv > review-status.csv
    """
    import csv as csv_module
    import json

    from .status import render_table, status_rows

    try:
        rows, cov = status_rows(settings)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps({"documents": rows, "curated_share": cov.curated_share, "named_speaker_share": cov.named_speaker_share},
                              ensure_ascii=False, indent=2))
    elif fmt == "csv":
        w = csv_module.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["document_id"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        click.echo(render_table(rows, cov))


@main.command()
@click.argument("document_id", required=False)
@click.option("--port", type=int, default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--open/--no-open", "open_browser", default=False, help="Also open the page in the default browser.")
@pass_settings
def review(settings: Settings, document_id: str | None, port: int, open_browser: bool) -> None:
    """Review in the browser: a local web app to accept, correct or reject every machine
    proposal, add what the machine missed, and mark an article reviewed. It listens on
    127.0.0.1 only and prints its address; stop it with Ctrl-C.

    \b
    Examples:
      unhrc-news review                         # the list of documents
      unhrc-news review 004_693175a2af22f137    # straight to one document
    """
    import socket
    import webbrowser

    import uvicorn

    from .review_app import create_app

    if document_id and not (settings.seeds / "articles" / f"{document_id}.txt").is_file():
        raise click.BadParameter(f"no article seeds/articles/{document_id}.txt; `unhrc-news status` lists the document ids", param_hint="DOCUMENT_ID")
    with socket.socket() as probe:  # a free port, unless one was asked for
        probe.bind(("127.0.0.1", port))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/" + (f"doc/{document_id}" if document_id else "")
    click.echo(f"review app: {url}  (Ctrl-C to stop)")
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")


@main.command(name="eval")
@click.option("--write/--no-write", default=True, help="Also write docs/extraction-quality.md (default: yes).")
@pass_settings
def eval_(settings: Settings, write: bool) -> None:
    """Compare machine extraction with the reviewed rows of every reviewed article: precision,
    recall and F1 per table, speaker accuracy, value and qualifier accuracy, and the misses.

    \b
    Example:
      unhrc-news eval --no-write
    """
    from .pipeline import evaluate_project

    click.echo(evaluate_project(settings, write=write))


def _print_result(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    import csv as csv_module
    import datetime as dt
    import json

    def plain(v: Any) -> Any:
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v

    if fmt == "csv":
        w = csv_module.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[("" if v is None else plain(v)) for v in r] for r in rows])
    elif fmt == "json":
        click.echo(json.dumps([{c: plain(v) for c, v in zip(columns, r, strict=True)} for r in rows], ensure_ascii=False, indent=2))
    else:
        from tabulate import tabulate

        click.echo(tabulate([[plain(v) for v in r] for r in rows], headers=columns, tablefmt="github" if fmt == "markdown" else "simple"))


def _sql_error(exc: Exception) -> str:
    message = str(exc).splitlines()[0]
    if "read-only" in message or "Cannot execute statement" in message:
        message += " (queries cannot change the package; build it with `unhrc-news build`)"
    elif "Permission Error" in message or "disabled by configuration" in message:
        message += " (the SQL interface reads the package's tables only: no files, databases or extensions)"
    return f"error: {message}"


def _run_sql(con: Any, text: str, fmt: str) -> bool:
    """One or more statements -> each run in turn, every result printed; False if any failed.
    Statements are split by DuckDB's own parser, so `SELECT 'a;b'` stays one statement."""
    import duckdb

    try:
        statements = duckdb.extract_statements(text)
    except duckdb.Error as exc:
        click.echo(_sql_error(exc), err=True)
        return False
    ok = True
    for statement in statements:
        try:
            rel = con.execute(statement.query)
        except duckdb.Error as exc:
            click.echo(_sql_error(exc), err=True)
            ok = False
            continue
        if rel.description is not None:
            _print_result([d[0] for d in rel.description], rel.fetchall(), fmt)
    return ok


def _complete(buffer: str) -> bool:
    """True when the buffer ends a statement: a ';' DuckDB's parser sees outside any string."""
    import duckdb

    if not buffer.rstrip().endswith(";"):
        return False
    try:
        duckdb.extract_statements(buffer)
    except duckdb.Error:
        return False  # e.g. an open string literal: keep reading
    return True


@main.command(help=f"""Run SQL on the package's DuckDB database (read-only) and print the result; with no
    query, read statements ending in ';' from the terminal or standard input. Several
    statements run in turn and every result is shown. The connection reads the package's tables
    and views only: no statement can read or write a file, attach a database or load an
    extension (docs/security.md).

    Tables: {', '.join(TABLES)}. Views: {VIEWS}.

    \b
    Examples:
      unhrc-news sql "SELECT speaker_name, count(*) AS quotes FROM quotes_with_speakers GROUP BY ALL ORDER BY quotes DESC"
      unhrc-news sql "SELECT * FROM event_timeline" --format csv > timeline.csv
      echo "SELECT count(*) FROM actors;" | unhrc-news sql
    """)
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table", show_default=True)
@click.option("--path", type=click.Path(file_okay=False, exists=True), help="Package folder (default: this checkout or the installed copy).")
def sql(query: str | None, fmt: str, path: str | None) -> None:
    from .api import connect

    try:
        con = connect(path)
    except FileNotFoundError as exc:
        raise CommandError(str(exc)) from None
    if query is not None:
        sys.exit(0 if _run_sql(con, query, fmt) else 1)
    interactive = sys.stdin.isatty()
    if interactive:
        click.echo("unhrc-news SQL (read-only DuckDB). End statements with ';'. Ctrl-D to quit.")
    buffer, ok = "", True
    while True:
        if interactive:
            try:
                line = input("unhrc-news> " if not buffer else "      ...> ")
            except EOFError:
                break
        else:
            line = sys.stdin.readline()
            if not line:
                break
        buffer += line if line.endswith("\n") else line + "\n"
        if _complete(buffer):
            ok = _run_sql(con, buffer, fmt) and ok
            buffer = ""
    if buffer.strip():
        ok = _run_sql(con, buffer, fmt) and ok
    sys.exit(0 if ok else 1)


@main.command()
@click.argument("old")
@click.argument("new", default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@pass_settings
def diff(settings: Settings, old: str, new: str, fmt: str) -> None:
    """Compare two versions of the package, table by table, by primary key (daff): rows added,
    removed and changed with their cells, schema changes, and the version bump they need.
    OLD and NEW are folders holding a datapackage.json, or git revisions (tags, commits).

    \b
    Examples:
      unhrc-news diff v0.1.0            # the last release against the working tree
      unhrc-news diff v0.1.0 v0.2.0 --format markdown
      unhrc-news diff build/release/a build/release/b
    """
    from .diff import diff_refs, render_markdown, render_text

    try:
        result = diff_refs(old, new, settings.root)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    click.echo(render_markdown(result) if fmt == "markdown" else render_text(result))


@main.command()
@click.option("--bump", type=click.Choice(["major", "minor", "patch"]), required=True, help="The kind of release.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.option("--date", "date", default=None, help="Release date (YYYY-MM-DD; default today).")
@click.option("--no-tag", is_flag=True, help="Do not commit and tag.")
@pass_settings
def release(settings: Settings, bump: str, dry_run: bool, date: str | None, no_tag: bool) -> None:
    """Release a new version: check the bump against what changed since the last tag (schema
    changes need major, new rows minor, data fixes patch), set the version, rebuild, add a
    generated CHANGELOG.md entry, build build/release/<version>/ and tag v<version>.

    \b
    Examples:
      unhrc-news release --bump minor --dry-run
      unhrc-news release --bump patch --date 2026-12-01
    """
    from .release import release as run_release

    run_release(settings, bump, dry_run=dry_run, date=date, tag=not no_tag, say=click.echo)


@main.command()
@pass_settings
def bundle(settings: Settings) -> None:
    """Build the release bundle of the current version in build/release/<version>/: a zip of the
    tables, schemas, docs, licences and repository metadata with SHA256SUMS (no article texts).
    Byte-identical when built twice from the same commit. Refused unless the working tree is
    exactly the version's git tag (v<version>); the bundle records that commit.

    \b
    Example:
      unhrc-news bundle && unzip -l build/release/*/unhrc-news-*.zip
    """
    from .release import build_bundle, current_version
    from .release_integrity import require_tagged

    commit = require_tagged(settings.root, current_version(settings), "bundle")
    click.echo(str(build_bundle(settings, say=click.echo, commit=commit).archive))


@main.command(name="attach-texts")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--from", "source", required=True, type=click.Path(file_okay=False, exists=True), help="Folder holding the article .txt files.")
def attach_texts(folder: str, source: str) -> None:
    """Put locally held article texts back into an unpacked release, each checked against the
    SHA-256 the documents table records, so that `validate` can verify every offset.

    \b
    Example:
      unhrc-news attach-texts unhrc-news-0.2.0/ --from ~/articles/
    """
    from .release import attach_texts as run

    attached, missing = run(Path(folder), Path(source))
    click.echo(f"attached {len(attached)} article(s)" + (f"; not found (by SHA-256): {', '.join(missing)}" if missing else ""))
    if missing:
        raise CommandError(f"{len(missing)} article(s) not found under {source}: the bundle's offsets into them stay unverified")


@main.command()
@click.option("--to", "service", required=True, type=click.Choice(["zenodo", "huggingface", "ckan", "github"]))
@click.option("--version", "version", default=None, help="Which release in build/release/ (default: the current version).")
@click.option("--sandbox", is_flag=True, help="Use the service's sandbox (Zenodo: sandbox.zenodo.org; CKAN: demo.ckan.org).")
@click.option("--dry-run", is_flag=True, help="Print every request that would be made; send nothing.")
@click.option("--base-url", default=None, help="The service's address (required for CKAN; for tests and mirrors otherwise).")
@click.option("--repo", default=None, help="OWNER/NAME of the GitHub repository or Hugging Face dataset.")
@click.option("--owner-org", default=None, help="CKAN organisation to publish under.")
@pass_settings
def publish(settings: Settings, service: str, version: str | None, sandbox: bool, dry_run: bool, base_url: str | None, repo: str | None,
            owner_org: str | None) -> None:
    """Upload the release bundle in build/release/<version>/ to a data repository through its
    HTTP API. Tokens come only from the environment: ZENODO_TOKEN, HF_TOKEN, CKAN_API_KEY,
    GITHUB_TOKEN. The step that makes the version public runs last; a failure says what went up
    and the same command resumes from there (state in build/release/<version>/publish-<service>.json).

    \b
    Examples:
      unhrc-news publish --to zenodo --sandbox --dry-run
      ZENODO_TOKEN=... unhrc-news publish --to zenodo --sandbox
      unhrc-news publish --to github --repo unhrc-news/unhrc-news
      unhrc-news publish --to ckan --base-url https://data.example.org --owner-org un-data
    """
    from .publishers import PUBLISHERS
    from .publishers import publish as run
    from .publishers.base import load_release
    from .release import current_version

    cls = PUBLISHERS[service]
    if sandbox and not cls.sandbox_base:
        raise CommandError(f"{service} has no sandbox; use --dry-run to see the requests")
    base = base_url or (cls.sandbox_base if sandbox else cls.default_base)
    if not base:
        raise CommandError(f"{service} needs --base-url (the address of the CKAN instance)")
    release_folder = settings.build / "release" / (version or current_version(settings))
    loaded = load_release(release_folder)
    from .release_integrity import bundle_commit, require_tagged

    commit = require_tagged(settings.root, loaded.version, "publish")
    if bundle_commit(loaded.archive) != commit:
        raise CommandError(f"cannot publish {loaded.version}: the bundle {settings.rel(loaded.archive)} was not built from tag v{loaded.version} "
                           f"(it records {bundle_commit(loaded.archive) or 'no commit'}); rebuild it with `unhrc-news bundle`")
    publisher = cls(loaded, base, {"repo": repo, "owner_org": owner_org})
    run(publisher, dry_run=dry_run, say=click.echo)
