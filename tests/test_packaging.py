"""The installed package declares what it imports: every third-party module the code imports
belongs to a distribution listed in pyproject.toml's dependencies (or an extra, for an optional
backend such as polars)."""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib

from conftest import REPO


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def test_every_imported_distribution_is_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project.get("optional-dependencies", {}).values() for r in group]  # optional backends, imported lazily
    declared = {_name(r) for r in [*project["dependencies"], *extras]}
    modules = set()
    for path in (REPO / "src/unhrc_news").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    distributions = md.packages_distributions()
    missing = {}
    for module in sorted(modules - set(sys.stdlib_module_names) - {"unhrc_news"}):
        names = {d.lower().replace("_", "-").replace(".", "-") for d in distributions.get(module, [module])}
        if not names & declared:
            missing[module] = sorted(names)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
