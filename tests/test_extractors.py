"""Each extractor on sentences written for the purpose (not taken from the seed articles)."""
from __future__ import annotations

import pytest

from conftest import REPO
from unhrc_news.annotations import read_actors, read_non_actors
from unhrc_news.config import Settings
from unhrc_news.extract import extract_doc, read_gazetteer
from unhrc_news.extractors.mentions import Registry
from unhrc_news.nlp import load


@pytest.fixture(scope="module")
def run():
    settings = Settings(root=REPO)
    actors_path = REPO / "seeds/actors.yaml"
    registry = Registry(read_actors(actors_path, "actors.yaml", settings.schemas), set(read_non_actors(actors_path, "actors.yaml")),
                        read_gazetteer(REPO / "seeds/gazetteer.yaml", "gazetteer.yaml"))
    nlp = load(settings.spacy_model)

    def extract(text: str, published: str = "2025-03-05") -> dict:
        return extract_doc(nlp(text), registry, "t", published)
    return extract


def quotes(result):
    return [(q["text"], q["speaker_actor_id"], q["cue"], q["kind"]) for q in result["quotes"]]


def stats(result):
    return [(s["text"], s["value"], s["value_max"], s["qualifier"], s["unit"]) for s in result["statistics"]]


# ---------------------------------------------------------------- quotes

def test_quote_split_around_its_attribution(run):
    r = run("\u201cWe will not attend,\u201d Volker Turk said, \u201cbecause the session is a farce.\u201d")
    assert quotes(r) == [
        ("We will not attend,", "volker-turk", "said", "direct"),
        ("because the session is a farce.", "volker-turk", "said", "direct"),
    ]


def test_speaker_only_in_the_next_sentence(run):
    r = run("The council met again on Monday.\n\u201cWe will not be lectured by anyone on this matter.\u201d\nPascal Sim said this after the vote.")
    assert quotes(r) == [("We will not be lectured by anyone on this matter.", "pascal-sim", "said", "direct")]


def test_nested_quotes_stay_in_one_quote(run):
    r = run("\u201cThey told us \u2018never again\u2019 and then did nothing,\u201d Phil Lynch said.")
    assert quotes(r) == [("They told us \u2018never again\u2019 and then did nothing,", "phil-lynch", "said", "direct")]


def test_partial_quote_and_pronoun_speaker(run):
    r = run("Rima Khalaf resigned on Friday. She said the report was \u201cthe first of its kind\u201d and that it was final.")
    assert quotes(r) == [("the first of its kind", "rima-khalaf", "said", "partial")]


def test_title_and_scare_quotes_are_not_quotes(run):
    r = run("The report titled \u201cA Threshold Crossed\u201d was published in April. Its so-called \u201creforms\u201d were never carried out.")
    assert quotes(r) == []


def test_a_term_another_verb_governs_is_not_a_quote_but_a_characterisation_is(run):
    r = run("Lawyers say proving \u201cgenocidal intent\u201d is the hardest part of any case.")
    assert quotes(r) == []
    r = run("Chile hailed the vote as a \u201cresounding victory\u201d for the region.")
    assert quotes(r) == [("resounding victory", "chl", "hailed", "partial")]


def test_unknown_person_becomes_a_candidate_actor(run):
    r = run("\u201cThis review matters to every state,\u201d said Maria Fernandez, a lawyer in Geneva.")
    assert quotes(r)[0][1] == "maria-fernandez"
    assert r["candidate_actors"]["maria-fernandez"]["actor_type"] == "person"
    assert "geneva" not in r["candidate_actors"]  # a city is a place, not an actor


# ---------------------------------------------------------------- statistics

def test_number_range(run):
    r = run("States are reviewed every four to five years, and between 10 and 15 states appear at each session.")
    assert ("four to five years", "4", "5", "range", "year") in stats(r)


def test_vote_tally_gives_two_counts(run):
    r = run("The resolution was adopted by 93 to 24 votes, with 12 abstentions. An earlier text failed by 20 votes to 25.")
    values = [(s["text"], s["unit"], s["measure"]) for s in r["statistics"]]
    assert ("93", "vote", "votes in favour") in values and ("24", "vote", "votes against") in values
    assert ("20", "vote", "votes in favour") in values and ("25", "vote", "votes against") in values


def test_a_fraction_is_a_share_and_its_numerator_no_count(run):
    r = run("GENEVA - Two-thirds of the council's 47 members backed the text, and three quarters of observers welcomed it.\n")
    assert stats(r) == [("Two-thirds", "0.6667", "", "approximately", "share"), ("47", "47", "", "exact", "member"),
                        ("three quarters", "0.75", "", "exact", "share")]


def test_years_dates_times_and_ids_are_not_statistics(run):
    r = run("In 2019, the council met on 3 May at 10:30 under resolution 2334 (ref 1.1997328-2252531678). One of them left.")
    assert stats(r) == []


def test_money_and_qualifiers_are_exact(run):
    r = run("The United States provided at least $21.7 billion, and more than 71,000 people were killed, according to the Gaza Ministry of Health.")
    got = {s["text"]: s for s in r["statistics"]}
    assert (got["at least $21.7 billion"]["value"], got["at least $21.7 billion"]["unit"], got["at least $21.7 billion"]["qualifier"]) == ("21700000000", "USD", "at_least")
    assert (got["more than 71,000"]["value"], got["more than 71,000"]["qualifier"], got["more than 71,000"]["unit"]) == ("71000", "more_than", "person")
    assert got["more than 71,000"]["source_actor_id"] == "gaza-ministry-of-health"


# ---------------------------------------------------------------- mentions, dates, events

def test_mentions_prefer_longer_names_and_short_forms_need_a_full_name_first(run):
    r = run("The council met. The US State Department said the UN Human Rights Council was biased, and the council replied.")
    got = [(m["text"], m["actor_id"]) for m in r["actor_mentions"]]
    assert got == [("US State Department", "us-state-department"), ("UN Human Rights Council", "unhrc"), ("council", "unhrc")]


def test_furniture_lines_propose_nothing(run):
    r = run("Israel refused to attend the review.\nAlso Read: Why the United Nations Won't Act in Kenya\nFollow our WhatsApp Channel for updates.")
    assert {m["text"] for m in r["actor_mentions"]} == {"Israel"}


def test_event_with_agent_target_and_relative_date(run):
    r = run("Israel boycotted the Human Rights Council session on Friday, officials said.", published="2017-03-20")
    e = r["events"][0]
    assert (e["event_type"], e["plover_type"], e["status"]) == ("boycott", "PROTEST", "occurred")
    assert (e["date_start"], e["date_precision"], e["date_text"]) == ("2017-03-17", "day", "Friday")
    assert ("isr", "agent") in [tuple(a) for a in e["actors"]]


def test_future_event_is_announced_with_a_future_date(run):
    r = run("Venezuela said on Tuesday that it will not attend the session in April.", published="2025-03-05")
    e = r["events"][0]
    assert e["event_type"] == "boycott" and e["status"] == "announced"
    # the happening announced is dated, not the announcement: the date on the trigger's verb
    assert (e["date_text"], e["date_start"], e["date_end"], e["date_precision"]) == ("April", "2025-04-01", "2025-04-30", "month")


@pytest.mark.parametrize("sentence", [
    "The vote was set for 2200 GMT on Friday, diplomats said.",
    "The council will meet again on Nov. 8 to discuss the report.",
    "The rapporteur served from 2006-2009 and again from 2014 to 2016.",
    "Resolution 1325 was cited by several speakers at the session.",
    "Here is what the report found:\n\n1. The camps were never closed.\n2. Nobody was charged.",
    "The council asked for fair access to COVID-19 vaccines at the G-20 summit.",
    "One Western diplomat said the bid had failed, and one rights group told reporters it agreed.",
])
def test_times_days_years_list_numbers_names_and_unnamed_sources_are_not_statistics(run, sentence):
    assert stats(run(sentence)) == []


def test_compound_number_words_are_one_number(run):
    r = run("Sixty-three countries signed the letter, and one hundred and twenty observers attended.")
    assert [(s[0], s[1], s[2]) for s in stats(r)] == [("Sixty-three", "63", ""), ("one hundred and twenty", "120", "")]


def test_a_listed_organisation_is_one_mention_of_its_type(run):
    r = run("UN Watch, a Geneva-based group, criticised the vote, while the UNDP and Human Rights Watch stayed silent.")
    by_text = {m["text"]: m["actor_id"] for m in r["actor_mentions"]}
    assert "UN" not in by_text and {"UN Watch", "UNDP", "Human Rights Watch"} <= set(by_text)
    types = {c["name"]: c["actor_type"] for c in r["candidate_actors"].values()}
    assert types["UN Watch"] == "ngo" and types["United Nations Development Programme"] == "igo"  # listed under its full name


def test_an_unknown_state_gets_the_registry_id_convention(run):
    r = run("Sri Lanka lost its seat on the council after a campaign by rights groups.")
    assert r["candidate_actors"]["lka"] == {"name": "Sri Lanka", "actor_type": "state", "country_code": "LKA"}
    assert [m["actor_id"] for m in r["actor_mentions"] if m["text"] == "Sri Lanka"] == ["lka"]


def test_according_to_names_the_speaker(run):
    r = run("The detainees face \u201cgrave and continuing risks to their lives\u201d, according to Amnesty International.")
    assert quotes(r) == [("grave and continuing risks to their lives", "amnesty-international", "according to", "partial")]


def test_according_to_prefers_the_named_person_to_the_institution(run):
    r = run("The new law is \u201ca serious setback for press freedom in the region\u201d, according to the council's president, Omar Zniber.")
    assert [(q[1], q[2]) for q in quotes(r)] == [("omar-zniber", "according to")]


@pytest.mark.parametrize("sentence, speaker, cue", [
    ("Cuba hailed the vote as a \u201cresounding victory\u201d for its people.", "cub", "hailed"),
    ("Human Rights Watch denounced the \u201csham trial\u201d of the activists.", "human-rights-watch", "denounced"),
])
def test_characterising_verbs_attribute_partial_quotes(run, sentence, speaker, cue):
    assert [(q[1], q[2], q[3]) for q in quotes(run(sentence))] == [(speaker, cue, "partial")]


def test_a_name_after_a_title_is_the_speaker_not_the_state_in_the_title(run):
    r = run("\u201cThe vote was a mistake,\u201d UK ambassador to the council Leslie Norton tweeted.")
    assert [(q[1], q[2]) for q in quotes(r)] == [("leslie-norton", "tweeted")]


def test_the_group_is_the_organisation_named_last(run):
    r = run("Amnesty International published its annual report on Monday. \u201cThe findings are shocking,\u201d the group said.")
    assert [(q[1], q[2]) for q in quotes(r)] == [("amnesty-international", "said")]


def test_a_word_talked_about_is_not_a_quote(run):
    r = run("Diplomats avoid the word \u201capartheid\u201d in public, Volker Turk said.")
    assert quotes(r) == []


@pytest.mark.parametrize("sentence, speaker, cue", [
    ("The Human Rights Council expressed \u201cgrave concern\u201d about the arrests.", "unhrc", "expressed"),
    ("Amnesty International estimated that \u201cthousands\u201d of people had been detained.", "amnesty-international", "estimated"),
    ("The Human Rights Council called for the \u201cimmediate release\u201d of the activists.", "unhrc", "called"),
])
def test_a_body_s_quoted_words_after_express_estimate_and_call_for(run, sentence, speaker, cue):
    assert [(q[1], q[2]) for q in quotes(run(sentence))] == [(speaker, cue)]


def test_call_for_without_quoted_words_reports_nothing(run):
    r = run("\u201cThe camps must close,\u201d Volker Turk said. The council called for an inquiry.")
    assert [(q[1], q[2]) for q in quotes(r)] == [("volker-turk", "said")]


def test_a_resolution_speaks_for_the_body_that_adopted_it(run):
    r = run("The Human Rights Council adopted a resolution calling for \u201can end to the violence\u201d in the region.")
    assert [q[1] for q in quotes(r)] == ["unhrc"]


def test_the_company_is_the_company_named_before_not_the_state(run):
    r = run("Facebook removed pages run by officials in Myanmar. \u201cWe will keep acting,\u201d the social media giant said.")
    assert [q[1] for q in quotes(r)] == ["facebook"]


def test_an_unnamed_group_is_the_organisation_named_next(run):
    r = run("Iran withdrew amid criticism of what one rights group said was its \u201cdismal record.\u201d "
            "Human Rights Watch had campaigned against the bid.")
    assert [q[1] for q in quotes(r)] == ["human-rights-watch"]


def test_it_after_a_sentence_about_a_report_is_the_report_s_author(run):
    r = run("The new Amnesty International report details mass arrests in the capital.\n"
            "It said the abuses were \u201csystematic and widespread\u201d.")
    assert [q[1] for q in quotes(r)] == ["amnesty-international"]


def test_the_report_said_is_the_author_named_with_the_report(run):
    r = run("Human Rights Watch published a report on Monday. The report by Human Rights Watch covers two years.\n"
            "\u201cNo one has been held to account,\u201d the report said.")
    assert [q[1] for q in quotes(r)] == ["human-rights-watch"]


def test_a_dateline_is_not_part_of_the_speaker(run):
    r = run("GENEVA (AP) \u2014 The Human Rights Council on Monday urged states to ensure \u201cequal access\u201d to vaccines.")
    assert [(q["speaker_actor_id"], q["speaker_text"]) for q in r["quotes"]] == [("unhrc", "The Human Rights Council")]


def test_one_counting_victims_is_still_a_statistic(run):
    assert [(x[0], x[1]) for x in stats(run("One journalist was killed and 12 were injured in the attack."))] == [("One", "1"), ("12", "12")]


def test_call_for_inside_a_reported_clause_leaves_the_outer_verb_the_cue(run):
    r = run("Volker Turk said the envoy had used the podium to call for \u201ca total boycott\u201d of the session.")
    assert [(q[1], q[2]) for q in quotes(r)] == [("volker-turk", "said")]


def test_a_un_inquiry_body_is_one_candidate_named_after_its_country_and_year(run):
    r = run("A UN commission of inquiry on Belarus accused Belarus of torture. Belarus rejected the findings.\n"
            "\u201cThe abuses continue,\u201d the commission said.", published="2031-05-02")
    body = [m for m in r["actor_mentions"] if m["actor_id"] == "un-commission-of-inquiry-on-belarus-2031"]
    assert [m["text"] for m in body] == ["UN commission of inquiry", "commission"]  # the UN is part of its name
    assert r["candidate_actors"]["un-commission-of-inquiry-on-belarus-2031"]["actor_type"] == "igo"
    assert [q[1] for q in quotes(r)] == ["un-commission-of-inquiry-on-belarus-2031"]


def test_a_team_or_mission_is_a_body_only_once_a_un_team_is_named(run):
    r = run("The US mission said the team would travel to Geneva. The mission declined to comment.")
    assert not any(a.startswith("un-") for a in r["candidate_actors"])


@pytest.mark.parametrize("text", [
    "UNITED NATIONS, May 21 (UPI) -- The Human Rights Council met on Monday.",
    "GENEVA (AP) \u2014 The Human Rights Council met on Monday.",
    "Geneva (AFP) - The Human Rights Council met on Monday.",
])
def test_a_dateline_is_not_a_mention(run, text):
    assert [m["text"] for m in run(text)["actor_mentions"]] == ["Human Rights Council"]


def test_sentences_about_one_happening_without_an_agent_are_one_event(run):
    r = run("Russia was suspended from the Human Rights Council in April. Russia was suspended after reports of killings.")
    suspensions = [e for e in r["events"] if e["event_type"] == "suspension"]
    assert len(suspensions) == 1 and len(suspensions[0]["evidence"]) == 2


def test_the_electing_body_takes_part_in_a_lost_seat(run):
    r = run("The UN General Assembly elected Chile and Peru to the Human Rights Council. Cuba lost its bid for a seat.")
    defeat = next(e for e in r["events"] if e["event_type"] == "defeat")
    assert ("un-general-assembly", "participant") in [tuple(a) for a in defeat["actors"]]


def test_a_state_s_institution_is_a_candidate_of_its_type(run):
    r = run("Cuba's foreign ministry protested, and Venezuela's army denied it. The Venezuela military said nothing.")
    by_text = {m["text"]: m["actor_id"] for m in r["actor_mentions"]}
    assert by_text["Cuba"] == "cub" and by_text["foreign ministry"] == "cub-foreign-ministry"
    assert by_text["army"] == by_text["military"] == "ven-military"
    assert r["candidate_actors"]["ven-military"] == {"name": "Venezuela's military", "actor_type": "military", "country_code": "VEN"}


def test_a_registry_person_s_office_is_the_body_they_belong_to(run):
    r = run("Volker Turk's office said the cuts would hurt monitoring.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]] == [("Volker Turk", "volker-turk"), ("office", "ohchr")]


def test_a_country_of_several_words_is_not_the_shorter_country_inside_it(run):
    r = run("South Sudan and Sudan both failed to win seats, as did Ivory Coast.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]] == [("South Sudan", "ssd"), ("Sudan", "sdn"), ("Ivory Coast", "civ")]


def test_votes_in_an_election_are_part_of_it_and_a_newspaper_reporting_is_no_event(run):
    r = run("The UN General Assembly elected Chile and Peru to the Human Rights Council on Tuesday. "
            "Chile received 150 votes. The Washington Post reported the result.", published="2031-10-15")
    assert [e["event_type"] for e in r["events"]] == ["election"]
    assert len(r["events"][0]["evidence"]) == 2


def test_a_pronoun_subject_is_the_actor_named_before(run):
    r = run("Amnesty International published its findings on Monday. It accused Belarus of torture.")
    accusation = next(e for e in r["events"] if e["event_type"] == "accusation")
    assert ("amnesty-international", "agent") in [tuple(a) for a in accusation["actors"]]


def test_a_report_the_un_puts_out_is_the_inquiry_body_s(run):
    r = run("A UN commission of inquiry on Belarus spent a year gathering evidence.\n"
            "The United Nations released the report on Belarus on Monday.", published="2031-05-02")
    report = next(e for e in r["events"] if e["event_type"] == "report")
    assert ("un-commission-of-inquiry-on-belarus-2031", "agent") in [tuple(a) for a in report["actors"]]


def test_words_quoted_without_a_date_were_said_on_the_day_of_publication(run):
    r = run("\u201cThe camps must close,\u201d Volker Turk told reporters.", published="2031-05-02")
    statement = next(e for e in r["events"] if e["event_type"] == "statement")
    assert (statement["date_start"], statement["date_precision"], statement["date_text"]) == ("2031-05-02", "day", "")
    assert statement["summary"].startswith("Volker Turk told reporters:")


def test_the_council_is_the_council_named_last(run):
    r = run("The Security Council imposed sanctions. The Human Rights Council met. "
            "Later the Security Council met again, and the Council urged restraint.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]][-1] == ("Council", "un-security-council")


def test_a_state_s_mission_to_the_un_is_one_institution(run):
    r = run("The US mission to the United Nations welcomed the vote.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]] == [("US", "usa"), ("mission to the United Nations", "usa-mission-to-the-united-nations")]
    assert r["candidate_actors"]["usa-mission-to-the-united-nations"]["name"] == "US mission to the United Nations"


def test_an_adjective_the_tagger_leaves_in_an_organisation_s_name_is_dropped(run):
    from spacy.tokens import Span

    from unhrc_news.extractors.mentions import extract_mentions
    nlp = load(Settings(root=REPO).spacy_model)
    doc = nlp("Observers said the previous Electoral Council of Ruritania rigged the count.")
    start = next(t.i for t in doc if t.text == "previous")
    doc.ents = [Span(doc, start, start + 5, label="ORG")]  # the tagger's span, adjective included
    registry = Registry({}, set(), read_gazetteer(REPO / "seeds/gazetteer.yaml", "gazetteer.yaml"))
    found, candidates = extract_mentions(doc, registry)
    assert candidates["electoral-council-of-ruritania"]["name"] == "Electoral Council of Ruritania"
    assert [m["text"] for m in found] == ["Electoral Council of Ruritania"]


def test_a_paramilitary_force_is_an_armed_group(run):
    r = run("Clashes between the army and the paramilitary Rapid Response Forces killed dozens in Darfur.")
    assert {c["name"]: c["actor_type"] for c in r["candidate_actors"].values()}["Rapid Response Forces"] == "armed_group"


def test_an_article_s_election_sentences_are_one_election(run):
    r = run("Chile and Peru on Tuesday won three-year seats on the Human Rights Council. "
            "Also winning seats were Ghana and Nepal. The newly elected members will serve from 2032.", published="2031-10-15")
    elections = [e for e in r["events"] if e["event_type"] == "election"]
    assert len(elections) == 1 and len(elections[0]["evidence"]) == 2
    assert elections[0]["date_start"] == "2031-10-14"  # 'the newly elected members ... from 2032' dates nothing
    assert {"chl", "per", "gha", "npl"} <= {a for a, _ in elections[0]["actors"]}


def test_a_date_inside_quoted_words_does_not_date_their_saying(run):
    r = run("\u201cThe police have tortured detainees since 2019,\u201d Volker Turk told reporters.", published="2031-05-02")
    statement = next(e for e in r["events"] if e["event_type"] == "statement")
    assert statement["date_start"] == "2031-05-02" and statement["date_text"] == ""


def test_the_body_a_speaker_speaks_for_takes_part_in_their_statement(run):
    r = run("\u201cThe vote was a setback,\u201d Jane Okafor, who chairs the Human Rights Council, told reporters.")
    statement = next(e for e in r["events"] if e["event_type"] == "statement")
    assert dict(statement["actors"]) == {"jane-okafor": "agent", "unhrc": "participant"}


@pytest.mark.parametrize("text", [
    "China did not support the draft on Belarus.",
    "The killings could meet the legal definition of genocide.",
    "The ministry did not respond to requests for comment.",
    "The newly elected members will take their seats in January.",
])
def test_words_that_report_no_happening_make_no_event(run, text):
    assert run(text)["events"] == []


def test_an_ngo_spokesperson_s_comment_is_no_event(run):
    r = run("\u201cThe vote is a disgrace,\u201d said Jane Okafor of Amnesty International.")
    assert r["quotes"] and r["events"] == []


def test_a_happening_in_the_present_tense_is_dated_to_the_article_and_a_yardstick_is_no_date(run):
    r = run("The Office of the High Commissioner for Human Rights is appealing for $40 million less than last year.",
            published="2031-02-05")
    appeal = next(e for e in r["events"] if e["event_type"] == "request")
    assert (appeal["date_start"], appeal["date_precision"], appeal["date_text"]) == ("2031-02-05", "day", "")


def test_dates_against_a_publication_known_only_to_its_month():
    from unhrc_news.dates import find_dates

    text = "A UN expert on Wednesday called for a probe. The council will meet in March. It met in May 2014."
    found = {d["text"]: (d["date_start"], d["date_end"], d["precision"]) for d in find_dates(text, "2031-06")}
    assert found["Wednesday"] == ("2031-06-01", "2031-06-30", "month")
    assert found["March"] == ("2032-03-01", "2032-03-31", "month")  # future tense: the March after
    assert find_dates("The council met in March.", "2031-06")[0]["date_start"] == "2031-03-01"


def test_an_undated_reaction_is_the_day_s_news_and_a_month_known_article_dates_to_its_month(run):
    r = run("Amnesty International condemned the vote.", published="2031-10-06")
    (e,) = r["events"]
    assert (e["event_type"], e["date_start"], e["date_precision"], e["date_text"]) == ("criticism", "2031-10-06", "day", "")
    r = run("\u201cThe camps must close,\u201d Volker Turk told reporters.", published="2031-05")
    statement = next(e for e in r["events"] if e["event_type"] == "statement")
    assert (statement["date_start"], statement["date_end"], statement["date_precision"]) == ("2031-05-01", "2031-05-31", "month")


def test_states_under_the_names_the_news_used_before(run):
    r = run("Seats went to Algeria and the former Yugoslav Republic of Macedonia; Burma and the Czech Republic abstained.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]] == [
        ("Algeria", "dza"), ("former Yugoslav Republic of Macedonia", "mkd"), ("Burma", "mmr"), ("Czech Republic", "cze")]


def test_one_name_later_is_the_person_named_in_full_first_or_last_name_first(run):
    r = run("North Korean leader Kim Jong Un could face charges, the panel said. "
            "Michael Kirby said he sent Kim a letter, and Kirby said he expected no reply.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]] == [
        ("North Korean", "prk"), ("Kim Jong Un", "kim-jong-un"), ("Michael Kirby", "michael-kirby"), ("Kim", "kim-jong-un"),
        ("Kirby", "michael-kirby")]


def test_a_candidate_s_id_drops_accents_and_apostrophes(run):
    r = run("\u201cThe camps must close,\u201d said Ram\u00f3n Ib\u00e1\u00f1ez. \u201cWe agree,\u201d said Samir O\u2019Neill, the envoy.")
    assert [q[1] for q in quotes(r)] == ["ramon-ibanez", "samir-oneill"]


def test_a_month_of_last_or_next_year_counts_the_year_from_publication():
    from unhrc_news.dates import find_dates

    found = {d["text"]: (d["date_start"], d["precision"])
             for d in find_dates("Burundi was suspended in April last year and will return in May next year.", "2031-10-10")}
    assert found == {"April last year": ("2030-04-01", "month"), "May next year": ("2032-05-01", "month")}


def test_a_trigger_word_inside_a_name_is_no_happening(run):
    r = run("The envoy's remarks echo a statement by UN Secretary-General Ban Ki-moon.")
    assert "ban" not in {e["event_type"] for e in r["events"]}


def test_the_assembly_beside_the_winners_takes_part_in_a_lost_seat(run):
    r = run("Chile and Peru won seats on the Human Rights Council in a vote of the UN General Assembly. "
            "Cuba failed to win a seat.")
    defeat = next(e for e in r["events"] if e["event_type"] == "defeat")
    assert ("un-general-assembly", "participant") in [tuple(a) for a in defeat["actors"]]


@pytest.mark.parametrize("text", [
    "Lawyers say intent is the hardest criterion for the Chile tribunal to meet.",
    "The appeal by Chile was met with silence.",
])
def test_a_standard_or_a_reception_met_is_no_meeting(run, text):
    assert "session" not in {e["event_type"] for e in run(text)["events"]}


def test_a_surname_the_tagger_reads_as_an_organisation_is_the_person_named_before(run):
    r = run("Ecuador's president Lucas Marquez met the envoy. Marquez is seeking a second term.")
    assert [m["actor_id"] for m in r["actor_mentions"] if m["text"] == "Marquez"] == ["lucas-marquez"]


def test_a_vote_to_do_something_is_that_happening(run):
    r = run("The UN General Assembly voted to suspend Libya from the Human Rights Council.")
    assert [(e["event_type"], sorted(map(tuple, e["actors"]))) for e in r["events"]] == [
        ("suspension", [("lby", "target"), ("un-general-assembly", "agent"), ("unhrc", "target")])]


def test_a_participle_with_its_own_agent_is_a_second_happening(run):
    r = run("In May, the UN human rights office issued a report, rejected by Chile's government, on abuses by police.")
    assert {(e["event_type"], tuple(sorted(a for a, role in e["actors"] if role == "agent"))) for e in r["events"]} == {
        ("report", ("ohchr",)), ("refusal", ("chl",))}


def test_a_happening_named_with_the_is_the_one_told_before(run):
    r = run("Chile's police detained 40 protesters on Friday. Amnesty International condemned the arrests of students. "
            "The detentions followed a protest outside Peru's embassy.", published="2031-03-08")
    detentions = [e for e in r["events"] if e["event_type"] == "detention"]
    assert len(detentions) == 1 and len(detentions[0]["evidence"]) == 2


def test_candidates_vying_for_seats_are_in_the_article_s_election(run):
    r = run("Chile and Ghana were elected to the Human Rights Council on Tuesday. Peru was competing with Chile for two "
            "open spots, and the countries running for the African seats were Ghana and Togo.", published="2031-10-15")
    elections = [e for e in r["events"] if e["event_type"] == "election"]
    assert len(elections) == 1 and {"chl", "gha", "per", "tgo"} <= {a for a, _ in elections[0]["actors"]}
    # choosing not to stand is news of its own, not part of the election; a possibility is neither
    assert [e["event_type"] for e in run("Chile did not run for a seat on the council.")["events"]] == ["refusal"]
    assert run("Chile might not run for a seat on the council.")["events"] == []


def test_a_vote_against_something_is_no_count_of_an_election_and_a_hypothesis_no_election(run):
    r = run("Chile won a seat on the Human Rights Council. Peru was among three countries that voted against the "
            "council, saying it would be too easy for abusers to be elected.")
    assert sorted(e["event_type"] for e in r["events"]) == ["election", "vote"]
    vote = next(e for e in r["events"] if e["event_type"] == "vote")
    assert vote["summary"] == "Three countries voted against the council" and ("per", "agent") in map(tuple, vote["actors"])


def test_the_body_electing_a_council_s_members_takes_part_in_a_suspension_from_it(run):
    r = run("Belarus was suspended from the Human Rights Council in March.", published="2031-05-02")
    suspension = next(e for e in r["events"] if e["event_type"] == "suspension")
    assert ("un-general-assembly", "participant") in map(tuple, suspension["actors"])


def test_a_short_form_after_the_and_an_adjective_is_the_body_named_before_and_a_possibility_is_no_event(run):
    r = run("Chile won a seat on the Human Rights Council. Peru voted against the revamped council, and the town council "
            "met. Its membership could be revoked with a vote in the General Assembly.")
    assert [m["text"] for m in r["actor_mentions"] if m["actor_id"] == "unhrc"] == ["Human Rights Council", "council"]
    assert "revoked" not in " ".join(e["summary"] for e in r["events"])


def test_quoted_words_from_one_who_reacted_or_their_spokesman_next_are_that_reaction(run):
    r = run("Chile welcomed the vote on the Human Rights Council. \u201cIt is a fair result,\u201d said Chile's foreign ministry. "
            "Portugal praised the council. \u201cThe vote was fair,\u201d said a spokesman for Ana Silva. \u201cIt was "
            "close,\u201d said Tomas Ruiz, the envoy of Peru.", published="2031-05-02")
    assert sorted((e["event_type"], sorted(a for a, _ in e["actors"])) for e in r["events"]) == [
        ("endorsement", ["chl", "chl-foreign-ministry", "unhrc"]),
        ("endorsement", ["prt", "unhrc"]),
        ("statement", ["ana-silva"]),
        ("statement", ["per", "tomas-ruiz"]),
    ]


def test_a_person_named_with_an_ngo_comments_for_it_when_quoted_later_by_name_alone(run):
    r = run("Jane Okafor, a director at Amnesty International, said the vote was unfair. \u201cThe council failed,\u201d "
            "Okafor said. \u201cThe vote was fair,\u201d said Tomas Ruiz of Chile's foreign ministry.")
    assert [sorted(a for a, _ in e["actors"]) for e in r["events"]] == [["chl", "chl-foreign-ministry", "tomas-ruiz"]]


def test_a_head_s_title_names_their_body_and_a_title_opening_the_story_is_the_person_named_next(run):
    r = run("The top UN human rights official on Monday denounced Chile's crackdown. Jane Okafor, addressing the Human "
            "Rights Council, said \"the police were brutal.\" The council called on the office of the U.N. human rights "
            "chief to monitor Peru. In May, UN human rights chief Ana Silva issued a report. Silva's office wrote to Peru.",
            published="2031-10-10")
    mentions = [(m["text"], m["actor_id"]) for m in r["actor_mentions"]]
    assert ("top UN human rights official", "jane-okafor") in mentions
    assert ("office of the U.N. human rights chief", "ohchr") in mentions and ("office", "ohchr") in mentions
    denounced = next(e for e in r["events"] if e["event_type"] == "criticism")
    assert {"jane-okafor", "chl", "unhrc"} <= {a for a, _ in denounced["actors"]}
    report = next(e for e in r["events"] if e["event_type"] == "report")
    assert report["date_start"] == "2031-05-01"  # 'In May' is the month, not the verb


def test_a_un_mission_s_whole_name_is_one_mention_named_after_the_state_in_it(run):
    r = run("Chile's police tortured detainees. \u201cThe abuses were planned,\u201d said Ana Silva, who chaired the U.N. "
            "Mission on the Bolivarian Republic of Venezuela, in a statement.", published="2031-10-10")
    assert ("U.N. Mission on the Bolivarian Republic of Venezuela", "un-fact-finding-mission-on-venezuela-2031") in [
        (m["text"], m["actor_id"]) for m in r["actor_mentions"]]
    statement = next(e for e in r["events"] if e["event_type"] == "statement")
    assert statement["summary"].startswith("Ana Silva said") and statement["date_start"] == "2031-10-10"


def test_the_opening_happening_is_the_day_s_news_and_a_lost_seat_is_lost_on_the_election_day(run):
    r = run("Chile lost its bid for a seat on the Human Rights Council amid protests. Cuba had objected to Chile's bid.",
            published="2031-10-10")
    assert [(e["event_type"], e["date_start"]) for e in r["events"]] == [("defeat", "2031-10-10"), ("criticism", "")]
    r = run("Chile lost its bid for a seat on the Human Rights Council. The UN General Assembly on Wednesday elected "
            "Peru and Ghana. The Assembly rejected the candidacy of Togo.", published="2031-10-10")
    assert sorted((e["event_type"], e["date_start"]) for e in r["events"]) == [
        ("defeat", "2031-10-08"), ("defeat", "2031-10-08"), ("election", "2031-10-08")]


def test_a_body_a_speaker_addresses_takes_part_and_a_titled_head_s_office_is_their_body(run):
    r = run("Jane Okafor, addressing the Human Rights Council in Geneva, said that \u201cthe police of Peru were brutal.\u201d "
            "The council called on the office of the UN high commissioner for human rights, Ana Silva, to act. "
            "Silva's office issued a report.")
    statement = next(e for e in r["events"] if e["event_type"] == "statement")
    assert dict(statement["actors"]) == {"jane-okafor": "agent", "unhrc": "participant"}
    assert ("office", "ohchr") in [(m["text"], m["actor_id"]) for m in r["actor_mentions"]]


@pytest.mark.parametrize("text, event_type, words", [
    ("Chile, with a record of abuses, lost its bid for a seat on the council, The Washington Post reported Thursday.",
     "defeat", "Chile lost its bid"),
    ("The rapporteur has reported that at least 75 people were executed in Chile in 2029.", "execution", "were executed"),
    ("The vote followed strong strictures against Chile by the European Union.", "criticism", "strictures"),
    ("Amnesty International branded the vote farcical.", "criticism", "branded"),
    ("Chile and its allies last month presented a draft resolution on Peru to the council.", "resolution", "presented a draft"),
    ("The team has released no report since being created by the UN Human Rights Council in October.", "establishment",
     "created by the UN Human Rights Council"),
])
def test_happenings_behind_a_report_a_noun_a_participle_or_a_news_outlet(run, text, event_type, words):
    events = [e for e in run(text, published="2031-10-10")["events"] if e["event_type"] == event_type]
    assert events and words in events[0]["summary"]


def test_a_state_s_adjective_and_its_capital_acting_are_the_state_but_a_capital_as_a_place_is_not(run):
    r = run("Venezuelan authorities detained 40 students. Havana denied the charges, a diplomat in Havana said. "
            "Venezuelans protested the Iranian judiciary's ruling.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"]] == [
        ("Venezuelan", "ven"), ("Havana", "cub"), ("Iranian", "irn"), ("judiciary", "irn-judiciary")]
    assert r["candidate_actors"]["irn-judiciary"]["name"] == "Iranian judiciary"


def test_the_vote_of_an_election_or_a_resolution_is_part_of_it(run):
    r = run("The UN General Assembly on Friday elected Chile and Ghana to the Human Rights Council. Peruvian President "
            "Ana Silva downplayed the vote.", published="2031-10-12")
    assert [e["event_type"] for e in r["events"]] == ["election"] and "per" in {a for a, _ in r["events"][0]["actors"]}
    r = run("The Human Rights Council on Tuesday adopted a resolution on Chile. Through a 22-11 vote, the council called "
            "on Chile to end abuses. The nations voting against the text included Peru and Togo.", published="2031-10-12")
    assert "vote" not in [e["event_type"] for e in r["events"]]


def test_words_quoted_from_a_report_s_author_are_the_report_s(run):
    r = run("The United Nations on Monday released a report on abuses in Chile. \u201cFamilies are never told,\u201d the "
            "UN said.", published="2031-10-12")
    assert [(e["event_type"], len(e["evidence"])) for e in r["events"]] == [("report", 2)]


@pytest.mark.parametrize("text", [
    "The shelling prompted European leaders to threaten sanctions against Chile.",
    "Chile's army launched an offensive to defeat the rebels.",
])
def test_a_threatened_or_intended_happening_is_no_happening(run, text):
    assert not {"sanction", "defeat"} & {e["event_type"] for e in run(text)["events"]}


def test_a_vote_on_what_a_resolution_is_about_is_its_adoption_beside_another_election(run):
    r = run("Chile's president was elected in 2029. Through a 22-11 vote, the Human Rights Council adopted a resolution on "
            "Chile on Tuesday.", published="2031-10-12")
    assert sorted(e["event_type"] for e in r["events"]) == ["election", "resolution"]


def test_a_news_outlet_is_the_source_and_a_dateline_no_subject(run):
    r = run("UNITED NATIONS -- The U.N. General Assembly in New York elected Chile to the Human Rights Council. Peru lost "
            "its bid for a seat, The Washington Post reported.", published="2031-10-12")
    assert [(e["event_type"], e["summary"], sorted(map(tuple, e["actors"]))) for e in r["events"]] == [
        ("election", "The U.N. General Assembly in New York elected Chile to the Human Rights Council",
         [("chl", "target"), ("un-general-assembly", "agent"), ("unhrc", "target")]),
        ("defeat", "Peru lost its bid for a seat", [("per", "agent"), ("un-general-assembly", "participant")])]


def test_a_possessive_names_a_happening_s_agent_and_a_pronoun_in_a_clause_of_its_own_acts(run):
    r = run("Chile lost its bid amid accusations over President Ana Silva's assault on the city of Lima. "
            "Peru was ousted from the Human Rights Council after it invaded Bolivia.", published="2031-10-12")
    attacks = [(e["summary"], dict(e["actors"])) for e in r["events"] if e["event_type"] == "attack"]
    assert attacks[0][0] == "President Ana Silva's assault on the city of Lima" and attacks[0][1]["ana-silva"] == "agent"
    assert attacks[1][1]["per"] == "agent" and attacks[1][1]["bol"] == "target"


@pytest.mark.parametrize("text, kinds", [
    ("Neither side released a statement on the report.", []),
    ("Neither side responded to requests for comment or released a statement.", []),
    ("Chile's army attacked villages, raped women and tortured detainees.", ["attack"]),
    ("The mission called for a force to be deployed in Chile and for an arms embargo to be widened.", ["request"]),
])
def test_no_one_acting_abuses_told_together_and_what_a_demand_asks_for(run, text, kinds):
    assert [e["event_type"] for e in run(text)["events"]] == kinds


def test_a_date_in_a_clause_describing_a_noun_dates_nothing_else_and_set_up_is_past(run):
    r = run("The team, set up by the Human Rights Council in December, will visit Chile.", published="2031-02-09")
    assert [(e["event_type"], e["date_start"]) for e in r["events"]] == [("session", ""), ("establishment", "2030-12-01")]
    r = run("The team was set up by the Human Rights Council in December.", published="2031-02-09")
    assert [(e["event_type"], e["date_start"]) for e in r["events"]] == [("establishment", "2030-12-01")]


def test_a_new_happening_with_a_stays_apart_and_the_finer_date_of_one_happening_wins(run):
    r = run("Peru was ousted from the Human Rights Council after it invaded Bolivia last year. Peru was ousted from the "
            "council in April last year. Days later, a Peruvian missile attack hit a village.",
            published="2031-10-10")
    assert sorted((e["event_type"], e["date_start"]) for e in r["events"]) == [
        ("attack", ""), ("attack", "2030-01-01"), ("suspension", "2030-04-01")]


def test_an_undated_election_is_held_the_day_a_bid_is_lost(run):
    r = run("Peru failed to win a seat on the Human Rights Council on Tuesday. Chile and Togo were competing for two "
            "open spots.", published="2031-10-10")
    assert {e["event_type"]: e["date_start"] for e in r["events"]} == {"defeat": "2031-10-07", "election": "2031-10-07"}


def test_last_week_is_the_monday_to_sunday_before_the_week_of_publication():
    from unhrc_news.dates import find_dates
    found = [(d["text"], d["date_start"], d["date_end"]) for d in find_dates(
        "The vote followed last week's strictures; the council meets next week.", "2031-03-05")]
    assert found == [("last week", "2031-02-24", "2031-03-02"), ("next week", "2031-03-10", "2031-03-16")]


def test_an_election_naming_no_body_is_for_seats_on_the_body_the_bids_are_for(run):
    r = run("Peru has withdrawn its bid for a seat on the U.N. Human Rights Council. The countries running for the four "
            "Asian seats are Nepal and Qatar.")
    election = next(e for e in r["events"] if e["event_type"] == "election")
    assert {"npl", "qat", "unhrc"} <= {a for a, _ in election["actors"]}


def test_an_election_takes_the_day_a_clause_about_its_elections_gives(run):
    r = run("Peru withdrew its bid, a diplomat said, before council elections take place next month. The countries "
            "running for the Asian seats are Nepal and Qatar.", published="2031-04-24")
    assert [(e["event_type"], e["date_start"]) for e in r["events"] if e["event_type"] == "election"] == [("election", "2031-05-01")]


@pytest.mark.parametrize("text", [
    "UN Watch said a report should be written for Chile's government.",
    "The rapporteur suggested that Chile should be named and shamed and targeted with sanctions.",
    "Amnesty International said world powers need to deploy peacekeepers and widen the arms embargo on Chile.",
    "The panel's task was to visit Chile and make recommendations to the Human Rights Council.",
])
def test_an_obligation_a_need_or_a_task_is_no_happening(run, text):
    assert [e["event_type"] for e in run(text)["events"]] == []


def test_a_word_ending_a_hyphenated_modifier_names_no_happening(run):
    assert run("The UN team will then carry out the fact-finding work in Chile.")["events"] == []


@pytest.mark.parametrize("text, kinds", [
    ("Chile has created a system of forced labour, Amnesty International said.", []),
    ("Human Rights Watch said Chile came close to establishing a chain of command.", []),
    ("The Human Rights Council established a commission of inquiry on Chile in 2029.", ["establishment"]),
    ("Peru welcomed the creation of a tribunal by the Human Rights Council.", ["endorsement"]),
])
def test_an_establishment_sets_up_a_body_or_a_post(run, text, kinds):
    assert [e["event_type"] for e in run(text)["events"]] == kinds


def test_what_a_report_is_said_to_say_is_the_report_and_publishing_one_releases_it(run):
    r = run("The Human Rights Council's commission published its report on Chile on Monday. The report makes for grim "
            "reading. It accuses Chile of torturing detainees. The report also criticized Peru. Peru rejected the findings.",
            published="2031-10-15")
    assert [(e["event_type"], len(e["evidence"])) for e in r["events"]] == [("report", 3), ("refusal", 1)]
    assert dict(r["events"][0]["actors"]) == {"chl": "target", "per": "target", "unhrc": "agent"}
    r = run("The commission published its report on Chile. It recommended that the Human Rights Council take up the case.")
    assert [e["event_type"] for e in r["events"]] == ["report", "request"]


@pytest.mark.parametrize("text, kinds", [
    ("Chile rejected the claims, which follow accusations of atrocities against protesters in Peru.", ["refusal"]),
    ("The vote comes amid strong criticism of Chile.", ["vote"]),
    ("The report on Chile drew swift criticism from Peru's government.", ["criticism"]),
    ("Peru's accusations against Chile angered the Human Rights Council.", ["accusation"]),
    ("The statement follows criticism from Amnesty International of Chile's record.", ["criticism"]),
])
def test_a_noun_for_something_voiced_is_an_event_only_with_who_voiced_it(run, text, kinds):
    assert [e["event_type"] for e in run(text)["events"]] == kinds


def test_a_family_name_alone_is_the_person_and_a_reported_clause_keeps_its_own_agent_and_date(run):
    r = run("The U.N. special rapporteur on Chile, Kofi Mensah, spoke to reporters on Monday. Mensah described his latest "
            "report to the United Nations as grim. He has reported that at least 300 people were executed in Chile in 2029.",
            published="2031-10-15")
    assert ("Mensah", "kofi-mensah") in [(m["text"], m["actor_id"]) for m in r["actor_mentions"]]
    report, execution = [e for e in r["events"] if e["event_type"] in ("report", "execution")]
    assert dict(report["actors"])["kofi-mensah"] == "agent" and report["date_start"] != "2029-01-01"
    # the rapporteur reports the executions; he did not carry them out
    assert execution["date_start"] == "2029-01-01" and "kofi-mensah" not in dict(execution["actors"])


@pytest.mark.parametrize("text, kinds", [
    ("The Human Rights Council's team will arrive in Chile on Feb. 13 to meet government officials.", ["session"]),
    ("Thousands of refugees have arrived in Peru since August.", []),
])
def test_a_named_visitor_s_arrival_is_a_visit(run, text, kinds):
    assert [e["event_type"] for e in run(text, published="2031-02-09")["events"]] == kinds


def test_a_body_set_up_by_another_is_set_up_and_it_is_the_body_not_the_one_in_its_clause(run):
    r = run("The UN team, set up last December by the Human Rights Council, will first stop in Lima. It will then arrive "
            "in Chile on Feb. 13.", published="2031-02-09")
    (created, visit) = r["events"]
    team = next(a for a, _ in created["actors"] if a not in ("unhrc",))
    assert created["summary"] == "The UN team set up by the Human Rights Council"
    assert dict(created["actors"]) == {team: "target", "unhrc": "agent"} and dict(visit["actors"])[team] == "agent"


def test_a_title_for_an_ngo_makes_its_holder_s_words_commentary_whatever_field_the_title_names(run):
    # 'UN' modifies the title (the field the person covers); Amnesty International employs them
    r = run("Rosa Lindqvist, senior UN liaison for Amnesty International, spoke in Geneva. "
            "\u201cThe process is broken,\u201d Ms Lindqvist said.")
    assert r["quotes"] and [e for e in r["events"] if e["event_type"] == "statement"] == []
    # 'Ms' is a courtesy title, not part of the name: the later mention is the same person
    assert r["quotes"][0]["speaker_actor_id"] == "rosa-lindqvist" and "ms-lindqvist" not in r["candidate_actors"]


def test_a_lone_name_the_tagger_calls_a_person_is_one_but_a_place_a_noun_introduces_is_not(run):
    r = run("The Security Council urged the International Criminal Court to put Kabila on trial. "
            "Shelling hit the village of Marinka.")
    assert r["candidate_actors"]["kabila"]["actor_type"] == "person"
    assert "marinka" not in r["candidate_actors"]
    request = next(e for e in r["events"] if e["event_type"] == "request")
    assert "kabila" in dict(request["actors"])


def test_a_name_with_the_article_al_is_referred_to_without_it_and_a_courtesy_title_is_no_name(run):
    r = run("Syrian President Bashar al-Assad spoke on Monday. Dr. Assad said the war was over.")
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"] if "Assad" in m["text"]] == [
        ("Bashar al-Assad", "bashar-al-assad"), ("Assad", "bashar-al-assad")]


def test_words_told_to_a_news_outlet_are_its_source_not_a_statement(run):
    r = run("\u201cThe council must do better,\u201d Paula Narvaez told Reuters. \u201cIt is a good day,\u201d Kofi Mensah told reporters.")
    assert [e["summary"] for e in r["events"]] == ["Kofi Mensah told reporters: \u201cIt is a good day,\u201d"]


def test_a_diplomat_s_words_at_a_vote_are_its_debate(run):
    r = run("Member states elected Chile to the Human Rights Council on Friday. Peru failed to win a seat. "
            "Peruvian ambassador Carlos Rivera shrugged off the result, saying the race had been \u201cclose\u201d. "
            "He added that Peru \u201cwill try again in three years\u201d.", published="2031-10-18")
    assert [e["event_type"] for e in r["events"]] == ["election", "defeat"]
    assert any("carlos-rivera" in dict(e["actors"]) for e in r["events"])
    # with no vote in the article, the same words are a statement
    r = run("Peruvian ambassador Carlos Rivera spoke in Geneva, saying the race had been \u201cclose\u201d. "
            "He added that Peru \u201cwill try again in three years\u201d.", published="2031-10-18")
    assert [e["event_type"] for e in r["events"]] == ["statement"]
    # a tweet is published: an act of its own, even at a vote
    r = run("The Human Rights Council voted down a motion on Chile by 20 votes to 18 on Thursday. "
            "\u201cA sad day for victims,\u201d Jane Okafor, the US envoy in Geneva, tweeted.")
    assert [e["event_type"] for e in r["events"]] == ["vote", "statement"]


def test_dropping_out_of_a_race_is_a_withdrawal_and_told_again_is_the_same_one(run):
    r = run("Chile withdrew its candidacy for the Human Rights Council on Monday. "
            "Its foreign minister said Chile was dropping out to let Peru run unopposed.")
    assert [(e["event_type"], len(e["evidence"])) for e in r["events"]] == [("withdrawal", 2)]


def test_the_actor_telling_its_own_act_in_the_next_sentence_is_that_act_told_again(run):
    r = run("Google suspended the accounts of Chile's interior minister on Monday. "
            "\u201cWe have suspended three accounts for inciting violence,\u201d Google said in a statement.")
    assert [(e["event_type"], len(e["evidence"])) for e in r["events"]] == [("suspension", 2)]
    # words on something else are a statement of their own
    r = run("Google suspended the accounts of Chile's interior minister on Monday. "
            "\u201cWe take hate speech seriously,\u201d Google said in a statement.")
    assert [e["event_type"] for e in r["events"]] == ["suspension", "statement"]


def test_resolutions_adopted_together_each_with_its_own_participle_are_one_event_each(run):
    r = run("The Human Rights Council on Friday adopted resolutions extending the mandate of its expert on Chile "
            "and condemning Peru's treatment of journalists.", published="2031-03-23")
    chile, peru = [e for e in r["events"] if e["event_type"] == "resolution"]
    assert dict(chile["actors"]) == {"unhrc": "agent", "chl": "target"}
    assert dict(peru["actors"]) == {"unhrc": "agent", "per": "target"} and chile["event_id"] != peru["event_id"]
    assert peru["summary"] == "The Human Rights Council on Friday adopted resolutions condemning Peru's treatment of journalists"
    # one resolution with two demands is one event
    r = run("The Human Rights Council adopted a resolution calling on Chile to free detainees and urging Peru to "
            "cooperate.", published="2031-03-23")
    assert [e["event_type"] for e in r["events"]] == ["resolution"]


@pytest.mark.parametrize("text, described", [
    ("Peru's government rejected the findings. The report says the Andean nation tortured detainees.", [("Andean nation", "per")]),
    ("Chile lost its seat. Critics say the country may have broken the law.", [("country", "chl")]),
    # any country, in a description of a process; a rank among countries; a state named long before
    ("Chile is under review. First, a report is submitted by the country itself. The country under review answers.", []),
    ("Peru will become the second country to skip the review.", []),
    ("Chile voted first. The vote was held in May. Its result was read out. It was a surprise. Then the country left.", []),
])
def test_the_country_described_is_the_state_named_just_before(run, text, described):
    r = run(text)
    assert [(m["text"], m["actor_id"]) for m in r["actor_mentions"] if m["text"].endswith(("country", "nation"))] == described


def test_what_someone_seeks_to_bring_about_has_not_happened_but_violence_named_there_has(run):
    r = run("Chile's government is trying to win back donors by inviting the African Union to monitor next year's elections.")
    assert [e["event_type"] for e in r["events"]] == []
    r = run("The council is trying to investigate killings by Chile's army.")
    assert [e["event_type"] for e in r["events"]] == ["killing"]


def test_holding_that_someone_should_be_charged_is_a_call_and_an_obligation_with_no_one_is_not(run):
    r = run("Two UN experts argue that Chile's interior minister should be charged over the crackdown.", published="2031-08-27")
    (call,) = r["events"]
    assert call["event_type"] == "request" and call["date_start"] == "2031-08-27"
    assert call["summary"] == "Two UN experts argue that Chile's interior minister should be charged over the crackdown"
    assert dict(call["actors"]) == {"un": "agent", "chl": "target"}
    assert run("Mensah said the panel's findings should be ready by June.")["events"] == []


def test_a_report_described_by_its_participle_is_the_report_told_before(run):
    r = run("Investigators of the Human Rights Council finished a first report on Chile. "
            "The council's team drew on 300 interviews to complete the report released on Monday.", published="2031-08-27")
    assert [(e["event_type"], len(e["evidence"])) for e in r["events"]] == [("report", 2)]


@pytest.mark.parametrize("words, published, want", [
    ("The council, established two years ago, met.", "2031-05-22", ("2029-01-01", "2029-12-31", "year")),
    ("Since the uprising began two weeks ago, hundreds died.", "2031-03-05", ("2031-02-17", "2031-02-23", "day")),
    ("Six months ago the mission left.", "2031-03", ("2030-09-01", "2030-09-30", "month")),
    ("The panel met 3 days ago.", "2031-03-05", ("2031-03-02", "2031-03-02", "day")),
    ("The panel met a month ago.", "2031-01-05", ("2030-12-01", "2030-12-31", "month")),
])
def test_a_time_counted_back_from_publication(words, published, want):
    from unhrc_news.dates import find_dates

    (d,) = find_dates(words, published)
    assert (d["date_start"], d["date_end"], d["precision"]) == want


def test_a_time_counted_back_needs_a_count():
    from unhrc_news.dates import find_dates

    assert find_dates("The council was set up years ago.", "2031-05-22") == []


@pytest.mark.parametrize("second", [
    "Nine states ran for the six seats on the council, founded three years ago to replace the commission, the agency said.",
    "Nine states ran for the six seats on the council, set up three years ago by the Assembly, the agency said.",
])
def test_a_participle_after_a_comma_describes_the_noun_before_it_and_its_date_is_its_own(run, second):
    r = run("Member states elected Chile to the Human Rights Council on Wednesday. " + second, published="2031-05-22")
    election, created = r["events"]
    assert (election["event_type"], election["date_start"]) == ("election", "2031-05-21")
    assert (created["event_type"], created["date_start"], created["date_precision"]) == ("establishment", "2028-01-01", "year")
    assert created["summary"].startswith("The council")


def test_a_body_s_undated_call_after_its_dated_resolution_is_dated_with_it_and_in_a_resolution_adopted_then(run):
    r = run("On Monday the Security Council adopted a resolution placing an arms embargo on Chile. "
            "The Council called on member states to freeze the assets of Chilean generals.", published="2031-03-05")
    resolution, call = r["events"]
    assert (resolution["date_start"], call["event_type"], call["date_start"]) == ("2031-03-03", "request", "2031-03-03")
    r = run("In a text passed without a vote last week, the Human Rights Council called for an inquiry into the "
            "killings in Chile.", published="2031-03-05")
    assert [(e["event_type"], e["date_start"], e["date_end"]) for e in r["events"]] == [("request", "2031-02-24", "2031-03-02")]


def test_those_who_put_a_draft_forward_are_parties_to_the_council_s_own_vote_on_it(run):
    r = run("Canada tabled a draft motion on Peru's prisons in September. On Thursday the Human Rights Council "
            "voted down a discussion of Peru's prisons.", published="2031-10-06")
    draft, vote = r["events"]
    assert (draft["event_type"], vote["event_type"]) == ("resolution", "vote")
    # the council's own vote: the body electing its members takes no part in it
    assert dict(vote["actors"]) == {"unhrc": "agent", "can": "participant", "per": "target"}
