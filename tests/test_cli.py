"""`unhrc-news validate`: exit 0 on a valid package, one line per failure otherwise."""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from unhrc_news.cli import main


def test_validate_passes_on_the_built_package(package):
    result = CliRunner().invoke(main, ["--root", str(package), "validate"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: ")


def test_validate_names_table_row_column_for_each_failure(package, tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(package / "data", folder / "data")
    shutil.copy(package / "datapackage.json", folder)
    quotes = folder / "data/quotes.csv"
    lines = quotes.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",illegal,", ",Illegal,")  # text no longer the article's characters
    quotes.write_text("".join(lines), encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(package), "validate", str(folder)])
    assert result.exit_code == 1
    failures = [l for l in result.output.splitlines() if l.startswith("invalid: ")]
    assert any(l.startswith("invalid: [frictionless] quotes: [hash-count]") for l in failures), failures
    assert "invalid: [pandera] quotes row 2 column text: value 'Illegal' fails 'article[start:end] == text'" in failures, failures


def test_build_help_has_an_example():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "Examples:" in result.output
