"""Generated artefacts (pandera schemas, GX suites, data dictionary) match what the Table
Schemas generate today: a test that fails on drift. Fix with `unhrc-news generate`."""
import json

import pytest

from conftest import REPO
from unhrc_news import schemas
from unhrc_news.generate import artefacts

GENERATED = artefacts(REPO)


@pytest.mark.parametrize("path", sorted(GENERATED), ids=lambda p: str(p.relative_to(REPO)))
def test_generated_file_is_up_to_date(path):
    assert path.exists(), f"{path.relative_to(REPO)} is missing: run `unhrc-news generate`"
    assert path.read_text(encoding="utf-8") == GENERATED[path], f"{path.relative_to(REPO)} drifted from schemas/tables: run `unhrc-news generate`"


def test_suites_carry_no_volatile_ids():
    for path in (REPO / "schemas/expectations").glob("*.json"):
        suite = json.loads(path.read_text(encoding="utf-8"))
        assert "id" not in suite and all("id" not in e for e in suite["expectations"]), path.name


def test_pandera_schema_round_trips():
    """The committed YAML is a real pandera schema: it loads and validates the published table."""
    import pandera.pandas as pa

    from unhrc_news.table_checks import read_table

    schema = pa.DataFrameSchema.from_yaml(REPO / "schemas/pandera/statistics.yaml")
    validated = schema.validate(read_table(REPO, "statistics"))
    assert str(validated["value"].dtype) == "float64" and len(validated) >= 13


def test_span_examples_quote_their_article():
    """The data dictionary's start/end/text examples are a real row: the article's characters
    between start and end are the text."""
    for table in ("actor_mentions", "event_evidence", "quotes", "statistics"):
        ex = {f["name"]: f.get("example") for f in schemas.table_schema(REPO / "schemas", table)["fields"]}
        article = (REPO / "seeds/articles" / f"{ex['document_id']}.txt").read_text(encoding="utf-8")
        assert article[ex["start"]:ex["end"]] == ex["text"], table
