"""The one reader of the package's CSVs: data/<table>.csv -> a DataFrame of strings.

Every guard, the API, coverage and the release tools read tables through here, so they agree
on what a cell is: the text as written, with an empty cell as missing (None). Types are applied
by whoever needs them (pandera coerces, the API casts from the Table Schemas).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def read_strings(folder: Path, table: str) -> pd.DataFrame:
    """<folder>/data/<table>.csv -> DataFrame of str, None for empty cells."""
    import pandas as pd

    df = pd.read_csv(Path(folder) / "data" / f"{table}.csv", dtype=str, keep_default_na=False, na_filter=False)
    return df.astype(object).replace("", None)


def read_records(folder: Path, table: str) -> list[dict[str, str]]:
    """<folder>/data/<table>.csv -> rows as dicts of str ('' for empty cells)."""
    return read_strings(folder, table).fillna("").to_dict("records")
