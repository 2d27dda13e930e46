"""Bad input stops the build with one message naming the file, the entry and the fix,
and leaves the published data/ and datapackage.json as they were."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import snapshot
from unhrc_news.cli import main

DOC = "001_f20d8db8fbf61a2b"


def set_article(root: Path, raw: bytes, *, update_sums: bool = True) -> None:
    path = root / "seeds/articles" / f"{DOC}.txt"
    path.write_bytes(raw)
    if update_sums:
        sums = root / "seeds/articles/SHA256SUMS"
        text = re.sub(rf"^[0-9a-f]{{64}}(  {DOC}\.txt)$", hashlib.sha256(raw).hexdigest() + r"\1", sums.read_text(), flags=re.M)
        sums.write_text(text)


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ANN = f"seeds/annotations/{DOC}.yaml"
CASES = {
    "not_utf8": (
        lambda r: set_article(r, "Caf\u00e9 in Geneva".encode("cp1252")),
        [f"seeds/articles/{DOC}.txt: byte 3: the article is not UTF-8", "Fix: convert it to UTF-8"],
    ),
    "empty": (
        lambda r: set_article(r, b"  \n"),
        [f"seeds/articles/{DOC}.txt", "the article is empty", "Fix: remove the file and its SHA256SUMS line"],
    ),
    "changed": (
        lambda r: set_article(r, (r / "seeds/articles" / f"{DOC}.txt").read_bytes() + b"\nEdited.", update_sums=False),
        [f"seeds/articles/{DOC}.txt: sha256: the article has changed", "Fix: restore the original text"],
    ),
    "text_not_found": (
        lambda r: edit(r, ANN, "text: Phil Lynch}", "text: Phil Linch}"),
        [f"{ANN}: mentions[", "('Phil Linch')", "the text is not in the article", "Fix: copy the text"],
    ),
    "ambiguous": (
        lambda r: edit(r, ANN, "{actor: isr, text: Israel, occurrences: all}", "{actor: isr, text: Israel}"),
        [f"{ANN}: mentions[", "('Israel')", "the text occurs 4 times", "Fix: add `occurrence: N` (1 to 4)"],
    ),
    "unknown_actor": (
        lambda r: edit(r, ANN, "speaker: phil-lynch", "speaker: phil-lynsh"),
        [f"{ANN}: quotes[3]", "unknown actor id 'phil-lynsh' in `speaker`", "Fix: add the actor to seeds/actors.yaml"],
    ),
    "duplicate_actor_id": (
        lambda r: edit(r, "seeds/actors.yaml", "  - {id: chn,", "  - {id: cub, name: Cuba again, type: state}\n  - {id: chn,"),
        ["seeds/actors.yaml: actors[", "duplicate actor id 'cub'", "Fix: give each actor one entry"],
    ),
    "duplicate_event_id": (
        lambda r: edit(r, "seeds/events.yaml", "  - id: upr-inception-2008", "  - id: hrc-creation-2006"),
        ["seeds/events.yaml: events[", "duplicate event id 'hrc-creation-2006'", "Fix:"],
    ),
    "yaml_syntax": (
        lambda r: edit(r, ANN, "  - {actor: afp, text: AFP}", "  - {actor: afp, text: AFP"),
        [f"{ANN}: line ", "YAML syntax error", "Fix: correct the YAML"],
    ),
    "invalid_enum": (
        lambda r: edit(r, ANN, "qualifier: more_than", "qualifier: over"),
        [f"{ANN}: statistics[6]", "`qualifier: over` is not an allowed value", "Fix: use one of: exact, more_than, at_least"],
    ),
    "unknown_measure_id": (
        lambda r: edit(r, ANN, "qualifier: more_than", "qualifier: more_than\n    measure_id: deaths"),
        [f"{ANN}: statistics[6]", "`measure_id: deaths` is not an allowed value", "Fix: use one of: council-members"],
    ),
    "unknown_key": (
        lambda r: edit(r, ANN, "    cue: warned\n", "    cue: warned\n    speeker: x\n"),
        [f"{ANN}: quotes[3]", "unknown key(s) `speeker`", "Fix: remove or correct them"],
    ),
    "gazetteer_demonym_of_no_country": (
        lambda r: edit(r, "seeds/gazetteer.yaml", "  Venezuelan: Venezuela", "  Venezuelan: Venezuala"),
        ["seeds/gazetteer.yaml: demonyms", "not a country's name for Venezuelan", "Fix: give the country's name"],
    ),
    "gazetteer_titles_not_a_list": (
        lambda r: edit(r, "seeds/gazetteer.yaml", "  United Nations: [Secretary-General, Secretary General, UN chief, U.N. chief]",
                       "  United Nations: Secretary-General"),
        ["seeds/gazetteer.yaml: titles", "`titles` must map a body's name to a list", "Fix: write e.g."],
    ),
    "number_disagrees_with_text": (
        lambda r: edit(r, ANN, "value: 71000", "value: 7100"),
        [f"{ANN}: statistics[6]", "value 7100 (the text says 71000)", "Fix: correct the annotation"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_with_a_clear_message(built, case):
    corrupt, expected = CASES[case]
    before = snapshot(built)
    corrupt(built)
    result = CliRunner().invoke(main, ["--root", str(built), "build", "--quiet"])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    for part in expected:
        assert part in errors[0], f"{part!r} not in {errors[0]!r}"
    assert "data/ and datapackage.json are unchanged" in result.output
    assert snapshot(built) == before


def test_weekday_that_does_not_fit_the_date_is_refused(built):
    edit(built, "seeds/events.yaml", "date: 2017-03-16\n    date_text: on Thursday morning", "date: 2017-03-15\n    date_text: on Thursday morning")
    result = CliRunner().invoke(main, ["--root", str(built), "build", "--quiet"])
    assert result.exit_code == 1
    assert "seeds/events.yaml: events ('guterres-asks-khalaf-withdraw-report-2017'): date_text and date disagree: Thursday is named, but 2017-03-15 is a Wednesday" in result.output
