"""Every Python example in the README runs as written, from the package folder."""
import re

import pytest

from conftest import REPO

BLOCKS = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_examples():
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("code", BLOCKS, ids=[b.splitlines()[0] for b in BLOCKS])
def test_readme_example_runs(package, code, monkeypatch, capsys):
    monkeypatch.chdir(package)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()


def test_readme_shows_setup_and_every_command():
    from click.testing import CliRunner

    from unhrc_news.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make data" in readme and "make test" in readme
    for name in main.commands:
        assert f"unhrc-news {name}" in readme, f"README does not document `unhrc-news {name}`"
        help_text = CliRunner().invoke(main, [name, "--help"]).output
        assert "Example" in help_text, f"`unhrc-news {name} --help` has no example"


SHELL_SQL = [line for block in re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
             for line in block.splitlines() if line.startswith('unhrc-news sql "') and " FROM " in line]


def test_readme_has_sql_examples():
    assert len(SHELL_SQL) >= 2


@pytest.mark.parametrize("line", SHELL_SQL)
def test_readme_sql_example_runs(package, line):
    import shlex

    from click.testing import CliRunner

    from unhrc_news.cli import main

    args = shlex.split(line.split("  #")[0])[1:]
    result = CliRunner().invoke(main, [*args, "--path", str(package)])
    assert result.exit_code == 0, result.output
    assert len(result.output.splitlines()) >= 3


def test_readme_queries_every_view():
    views = sorted(p.stem for p in (REPO / "schemas/sql").glob("*.sql"))
    missing = [v for v in views if not any(f"FROM {v}" in line for line in SHELL_SQL)]
    assert not missing, f"README has no `unhrc-news sql` example for {missing}"
