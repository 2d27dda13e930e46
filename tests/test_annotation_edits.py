"""The review app's save logic: annotation YAML in, a reviewer's edits applied, YAML out."""
from __future__ import annotations

import pytest

from conftest import REPO
from unhrc_news import annotation_edits as ae
from unhrc_news.annotations import parse_yaml

DRAFT = """\
# Review draft for seeds/articles/009_x.txt.
status: draft
document:
  publisher: "Example Wire"
  publisher_basis: "stated"
  published_date: "2031-05-02"
  published_date_basis: "stated"
mentions:
  - {actor: ven, text: "Venezuela", occurrence: 1}  # machine
  - {actor: unhrc, text: "council", occurrence: 1}  # machine
  - {actor: ven, text: "Venezuela", occurrence: 2}  # machine
# Candidate actors (not in seeds/actors.yaml yet; add them there, or correct the mentions):
#  - {id: yvan-gil, name: "Yvan Gil", type: person}
quotes:
  - {text: "We will not attend,", speaker: ven, speaker_text: "Venezuela", cue: "said", kind: direct}  # machine
statistics:
  - {text: "18", value: 18, unit: "state", measure: "member states", qualifier: exact, source_text: ""}  # machine
events:
  - {event: 009-boycott-0, text: "Venezuela said it will not attend the session."}  # machine
rejected: []

# Proposed entries for seeds/events.yaml:
#  - id: 009-boycott-0
#    type: boycott
"""


@pytest.mark.parametrize("path", [*sorted(p.relative_to(REPO).as_posix() for p in (REPO / "seeds/annotations").glob("*.yaml")), "seeds/events.yaml"])
def test_a_file_saved_without_edits_is_unchanged(path):
    text = (REPO / path).read_text(encoding="utf-8")
    assert ae.apply(text, []) == text


def test_a_draft_saved_without_edits_is_unchanged_and_lists_its_proposals():
    assert ae.apply(DRAFT, []) == DRAFT
    assert ae.pending(ae.load(DRAFT)) == [("mentions", 0), ("mentions", 1), ("mentions", 2), ("quotes", 0), ("statistics", 0), ("events", 0)]


def test_accept_correct_reject_and_add_change_only_their_lines():
    out = ae.apply(DRAFT, [
        ae.Edit("accept", "mentions", 0),
        ae.Edit("reject", "mentions", 2, reason="the same country twice in one sentence"),
        ae.Edit("correct", "quotes", 0, {"speaker": "yvan-gil", "speaker_text": "Foreign Minister Yvan Gil"}),
        ae.Edit("correct", "statistics", 0, {"source_text": None, "measure": "states requesting the session"}),
        ae.Edit("add", "statistics", fields={"text": "1,200", "value": 1200, "unit": "person", "measure": "people detained", "qualifier": "more_than"}),
    ])
    before, after = DRAFT.splitlines(), out.splitlines()
    assert '  - {actor: ven, text: "Venezuela", occurrence: 1}' in after  # accepted: mark gone, entry as written
    assert '  - {actor: ven, text: "Venezuela", occurrence: 2}  # machine' not in after
    assert '  - {text: "We will not attend,", speaker: yvan-gil, speaker_text: "Foreign Minister Yvan Gil", cue: "said", kind: direct}' in after
    assert '  - {text: "18", value: 18, unit: "state", measure: "states requesting the session", qualifier: exact}' in after
    assert "  - {text: '1,200', value: 1200, unit: person, measure: people detained, qualifier: more_than}" in after
    assert '  - {table: mentions, text: "Venezuela", occurrence: 2, reason: the same country twice in one sentence}' in after
    # everything not edited is kept, comments included
    untouched = [line for line in before if "Venezuela\", occurrence" not in line and "We will not" not in line and '"18"' not in line and line != "rejected: []"]
    assert all(line in after for line in untouched)
    data = parse_yaml(out, "edited.yaml")  # the build's own reader takes the result
    assert [r["reason"] for r in data["rejected"]] == ["the same country twice in one sentence"]


def test_indexes_refer_to_the_file_as_loaded():
    out = ae.apply(DRAFT, [ae.Edit("reject", "mentions", 0, reason="a"), ae.Edit("reject", "mentions", 2, reason="b")])
    assert [m["occurrence"] for m in ae.load(out)["rejected"]] == [1, 2]
    assert [m["text"] for m in ae.load(out)["mentions"]] == ["council"]
    assert "#  - {id: yvan-gil" in out  # the candidate block after the section's last entry survives


def test_mark_reviewed_only_when_every_proposal_is_checked():
    with pytest.raises(ae.EditError, match="6 machine proposal"):
        ae.apply(DRAFT, [], mark_reviewed=True)
    accept_all = [ae.Edit("accept", s, i) for s, i in ae.pending(ae.load(DRAFT))]
    out = ae.apply(DRAFT, accept_all, mark_reviewed=True)
    assert "status: reviewed" in out and "# machine" not in out


@pytest.mark.parametrize("edit, field", [
    (ae.Edit("correct", "quotes", 0, {"speeker": "ven"}), "speeker"),
    (ae.Edit("reject", "quotes", 0, reason="  "), "reason"),
    (ae.Edit("add", "mentions", fields={"actor": "ven"}), "text"),
])
def test_a_bad_edit_names_its_field(edit, field):
    with pytest.raises(ae.EditError) as err:
        ae.apply(DRAFT, [edit])
    assert err.value.field == field and err.value.section == edit.section


def test_an_entry_that_does_not_exist_is_refused():
    with pytest.raises(ae.EditError, match="no entry 7 in quotes"):
        ae.apply(DRAFT, [ae.Edit("accept", "quotes", 7)])
