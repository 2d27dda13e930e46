"""The `unhrc-news` command."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import Settings
from .errors import InputError, ValidationFailed


def _settings(root: str | None) -> Settings:
    return Settings(root=Path(root).resolve()) if root else Settings()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="unhrc-news")
def main() -> None:
    """Build, check and query the unhrc-news data package.

    \b
    Examples:
      unhrc-news build              # seeds/ -> data/*.csv + datapackage.json
      unhrc-news validate           # check the published package
      unhrc-news validate /tmp/pkg  # check a package in another folder
      unhrc-news add article.txt --publisher "Reuters" --date 2025-11-08
      unhrc-news eval               # machine extraction against the reviewed rows
    """


@main.command()
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
def build(root: str | None, quiet: bool) -> None:
    """Build the tables from seeds/, validate them, then publish data/ and datapackage.json.

    A failed build changes nothing in data/ or datapackage.json.

    \b
    Example:
      unhrc-news build
    """
    from .pipeline import build as run_build

    say = (lambda m: None) if quiet else (lambda m: click.echo(m, err=True))
    try:
        run_build(_settings(root), say=say)
    except InputError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("The build stopped; data/ and datapackage.json are unchanged.", err=True)
        sys.exit(1)
    except ValidationFailed as exc:
        for line in exc.failures:
            click.echo(f"invalid: {line}", err=True)
        click.echo(f"The build stopped with {len(exc.failures)} validation failure(s); data/ and datapackage.json are unchanged.", err=True)
        sys.exit(1)


@main.command()
@click.argument("path", required=False, type=click.Path(file_okay=False, exists=True))
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder holding seeds/ (default: this checkout).")
@click.option("--guard", "guards", multiple=True, type=click.Choice(["frictionless", "pandera", "gx"]),
              help="Run only this guard (repeatable; default: all three).")
def validate(path: str | None, root: str | None, guards: tuple[str, ...]) -> None:
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
    from .validate import GUARDS, validate_package

    settings = _settings(root)
    folder = Path(path).resolve() if path else settings.root
    failures = validate_package(folder, settings.root, guards=guards or GUARDS, report=settings.build / "validation-report.md")
    from .table_checks import missing_texts

    try:
        unverified = missing_texts(folder, settings.root)
    except Exception:
        unverified = []
    if unverified:
        click.echo(f"note: {len(unverified)} article text(s) not held here ({', '.join(unverified[:4])}{'...' if len(unverified) > 4 else ''}): "
                   "their offsets were not checked; put them back with `unhrc-news attach-texts`", err=True)
    for line in failures:
        click.echo(f"invalid: {line}")
    if failures:
        click.echo(f"{len(failures)} failure(s) in {folder}", err=True)
        sys.exit(1)
    click.echo(f"valid: {folder / 'datapackage.json'} ({', '.join(guards or GUARDS)})")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
def generate(root: str | None) -> None:
    """Regenerate what derives from the Table Schemas: schemas/pandera/*.yaml,
    schemas/expectations/*.json and docs/data-dictionary.md.

    \b
    Example:
      unhrc-news generate
    """
    from .generate import write_all

    settings = _settings(root)
    changed = write_all(settings.root)
    for path in changed:
        click.echo(f"wrote {settings.rel(path)}")
    if not changed:
        click.echo("generated files are up to date")


def _fail(exc: Exception) -> None:
    if isinstance(exc, ValidationFailed):
        for line in exc.failures:
            click.echo(f"invalid: {line}", err=True)
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--publisher", default="", help="Publisher of the articles given directly (manifest rows carry their own).")
@click.option("--date", "date", default="", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--url", default="", help="Web address of the article (one article only).")
@click.option("--title", default="", help="Headline of the article (one article only).")
@click.option("--skip-bad", is_flag=True, help="Add the good inputs and list the bad ones, instead of refusing the whole batch.")
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
def add(paths: tuple[str, ...], publisher: str, date: str, url: str, title: str, skip_bad: bool, root: str | None) -> None:
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
    from .errors import InputErrors

    if (url or title) and len(paths) > 1:
        click.echo("error: --url and --title describe one article; give one path, or use a manifest", err=True)
        sys.exit(2)
    try:
        result = add_articles([Path(p) for p in paths], _settings(root), publisher=publisher, date=date, url=url, title=title,
                              skip_bad=skip_bad, say=lambda m: click.echo(m, err=True))
    except InputErrors as exc:
        for e in exc.errors:
            click.echo(f"error: {e}", err=True)
        click.echo(f"{len(exc.errors)} input(s) refused; nothing was added. Fix them, or add the others with --skip-bad.", err=True)
        sys.exit(1)
    except (InputError, ValidationFailed) as exc:
        _fail(exc)
        return
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
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
def status(fmt: str, root: str | None) -> None:
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
        rows, cov = status_rows(_settings(root))
    except FileNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps({"documents": rows, "curated_share": cov.curated_share, "named_speaker_share": cov.named_speaker_share},
                              ensure_ascii=False, indent=2))
    elif fmt == "csv":
        w = csv_module.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["document_id"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        click.echo(render_table(rows, cov))


@main.command(name="eval")
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
@click.option("--write/--no-write", default=True, help="Also write docs/extraction-quality.md (default: yes).")
def eval_(root: str | None, write: bool) -> None:
    """Compare machine extraction with the reviewed rows of every reviewed article: precision,
    recall and F1 per table, speaker accuracy, value and qualifier accuracy, and the misses.

    \b
    Example:
      unhrc-news eval --no-write
    """
    from .evaluate import evaluate_project

    try:
        markdown = evaluate_project(_settings(root), write=write)
    except (InputError, ValidationFailed) as exc:
        _fail(exc)
        return
    click.echo(markdown)


def _print_result(columns: list[str], rows: list[tuple], fmt: str) -> None:
    import csv as csv_module
    import datetime as dt
    import json

    def plain(v):
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v

    if fmt == "csv":
        w = csv_module.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[("" if v is None else plain(v)) for v in r] for r in rows])
    elif fmt == "json":
        click.echo(json.dumps([{c: plain(v) for c, v in zip(columns, r)} for r in rows], ensure_ascii=False, indent=2))
    else:
        from tabulate import tabulate

        click.echo(tabulate([[plain(v) for v in r] for r in rows], headers=columns, tablefmt="github" if fmt == "markdown" else "simple"))


def _run_sql(con, query: str, fmt: str) -> bool:
    import duckdb

    try:
        rel = con.execute(query)
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        if "read-only" in message:
            message += " (queries cannot change the package; build it with `unhrc-news build`)"
        click.echo(f"error: {message}", err=True)
        return False
    if rel.description is None:
        return True
    _print_result([d[0] for d in rel.description], rel.fetchall(), fmt)
    return True


@main.command()
@click.argument("query", required=False)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table", show_default=True)
@click.option("--path", type=click.Path(file_okay=False, exists=True), help="Package folder (default: this checkout or the installed copy).")
def sql(query: str | None, fmt: str, path: str | None) -> None:
    """Run SQL on the package's DuckDB database (read-only) and print the result; with no
    query, read statements ending in ';' from the terminal or standard input.

    Tables: documents, actors, actor_mentions, events, event_actors, event_evidence, quotes,
    statistics. Views: quotes_with_speakers, statistics_with_sources, event_timeline,
    actor_profiles, actor_article_profiles, actor_cooccurrence, document_summaries.

    \b
    Examples:
      unhrc-news sql "SELECT speaker_name, count(*) AS quotes FROM quotes_with_speakers GROUP BY ALL ORDER BY quotes DESC"
      unhrc-news sql "SELECT * FROM event_timeline" --format csv > timeline.csv
      echo "SELECT count(*) FROM actors;" | unhrc-news sql
    """
    from .api import connect

    try:
        con = connect(path)
    except FileNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
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
        buffer += line + "\n"
        while ";" in buffer:
            statement, buffer = buffer.split(";", 1)
            if statement.strip():
                ok = _run_sql(con, statement, fmt) and ok
    if buffer.strip():
        ok = _run_sql(con, buffer, fmt) and ok
    sys.exit(0 if ok else 1)


@main.command()
@click.argument("old")
@click.argument("new", default=".")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (git repository) for revisions.")
def diff(old: str, new: str, fmt: str, root: str | None) -> None:
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
        result = diff_refs(old, new, _settings(root).root)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(render_markdown(result) if fmt == "markdown" else render_text(result))


@main.command()
@click.option("--bump", type=click.Choice(["major", "minor", "patch"]), required=True, help="The kind of release.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
@click.option("--date", "date", default=None, help="Release date (YYYY-MM-DD; default today).")
@click.option("--no-tag", is_flag=True, help="Do not commit and tag.")
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
def release(bump: str, dry_run: bool, date: str | None, no_tag: bool, root: str | None) -> None:
    """Release a new version: check the bump against what changed since the last tag (schema
    changes need major, new rows minor, data fixes patch), set the version, rebuild, add a
    generated CHANGELOG.md entry, build build/release/<version>/ and tag v<version>.

    \b
    Examples:
      unhrc-news release --bump minor --dry-run
      unhrc-news release --bump patch --date 2026-12-01
    """
    from .release import release as run_release

    try:
        run_release(_settings(root), bump, dry_run=dry_run, date=date, tag=not no_tag, say=click.echo)
    except (InputError, ValidationFailed) as exc:
        _fail(exc)


@main.command()
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
def bundle(root: str | None) -> None:
    """Build the release bundle of the current version in build/release/<version>/: a zip of the
    tables, schemas, docs, licences and repository metadata with SHA256SUMS (no article texts).
    Byte-identical when built twice from the same commit.

    \b
    Example:
      unhrc-news bundle && unzip -l build/release/*/unhrc-news-*.zip
    """
    from .release import build_bundle

    try:
        result = build_bundle(_settings(root), say=click.echo)
    except InputError as exc:
        _fail(exc)
        return
    click.echo(str(result.archive))


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
    sys.exit(0 if not missing else 1)


@main.command()
@click.option("--to", "service", required=True, type=click.Choice(["zenodo", "huggingface", "ckan", "github"]))
@click.option("--version", "version", default=None, help="Which release in build/release/ (default: the current version).")
@click.option("--sandbox", is_flag=True, help="Use the service's sandbox (Zenodo: sandbox.zenodo.org; CKAN: demo.ckan.org).")
@click.option("--dry-run", is_flag=True, help="Print every request that would be made; send nothing.")
@click.option("--base-url", default=None, help="The service's address (required for CKAN; for tests and mirrors otherwise).")
@click.option("--repo", default=None, help="OWNER/NAME of the GitHub repository or Hugging Face dataset.")
@click.option("--owner-org", default=None, help="CKAN organisation to publish under.")
@click.option("--root", type=click.Path(file_okay=False, exists=True), help="Project folder (default: this checkout).")
def publish(service: str, version: str | None, sandbox: bool, dry_run: bool, base_url: str | None, repo: str | None,
            owner_org: str | None, root: str | None) -> None:
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
    from .publishers import PUBLISHERS, PublishError, publish as run
    from .publishers.base import load_release
    from .release import current_version

    settings = _settings(root)
    cls = PUBLISHERS[service]
    if sandbox and not cls.sandbox_base:
        click.echo(f"error: {service} has no sandbox; use --dry-run to see the requests", err=True)
        sys.exit(1)
    base = base_url or (cls.sandbox_base if sandbox else cls.default_base)
    if not base:
        click.echo(f"error: {service} needs --base-url (the address of the CKAN instance)", err=True)
        sys.exit(1)
    try:
        release_folder = settings.build / "release" / (version or current_version(settings))
        publisher = cls(load_release(release_folder), base, {"repo": repo, "owner_org": owner_org})
        run(publisher, dry_run=dry_run, say=click.echo)
    except PublishError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
