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
def validate(path: str | None, root: str | None) -> None:
    """Validate a package folder (default: the published one); exit 0 only when all checks pass.

    Prints one line per failure: table, row, column and rule.

    \b
    Examples:
      unhrc-news validate
      unhrc-news validate build/release/0.1.0
    """
    from .validate import validate_package

    settings = _settings(root)
    folder = Path(path).resolve() if path else settings.root
    failures = validate_package(folder, settings.root)
    for line in failures:
        click.echo(f"invalid: {line}")
    if failures:
        click.echo(f"{len(failures)} failure(s) in {folder}", err=True)
        sys.exit(1)
    click.echo(f"valid: {folder / 'datapackage.json'}")
