"""Reading one note: cues asserted by ConText, offers are not homes, dates decide recency."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.assessment.findings import findings
from nlp.assessment.questions import catalogue
from tests.assessment.helpers import ev, note

TODAY = dt.date(2026, 6, 30)


def answers(text: str, date: str = "2026-06-20", **data: object) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings(note(1, date, text, **data), catalogue(), TODAY):
        out.setdefault(f.code, set()).add(f.value)
    return out


def test_a_cue_gives_its_answers_with_the_whole_sentence_as_evidence() -> None:
    text = "Reported on time. He has been sleeping rough behind the station. Next week."
    found = findings(note(7, "2026-06-20", text), catalogue(), TODAY)
    rough = [f for f in found if f.code == "type_of_no_accommodation"]
    assert [f.value for f in rough] == ["ROUGH_SLEEPING"]
    evidence = rough[0].evidence
    assert evidence.text == "He has been sleeping rough behind the station."
    assert text[evidence.start : evidence.end] == evidence.text
    assert (evidence.entry_id, evidence.date) == (7, "2026-06-20")


@pytest.mark.parametrize(
    "text",
    [
        "He denies sleeping rough at any point.",
        "If the tenancy fails he may end up sleeping rough.",
    ],
)
def test_a_denied_or_hypothetical_cue_answers_nothing(text: str) -> None:
    assert "current_accommodation" not in answers(text)


def test_someone_elses_gambling_is_their_gambling_not_the_persons() -> None:
    got = answers("Her brother has run up gambling losses on her card.")
    assert got["finance_gambling"] == {"YES_SOMEONE_ELSES_GAMBLING"}


def test_an_offer_of_a_tenancy_is_a_plan_not_where_they_live() -> None:
    got = answers("He has been offered a two bedroom council flat near his sister.")
    assert "current_accommodation" not in got
    assert got["future_accommodation_type"] == {"RENT_SOCIAL"}


def test_drinking_counts_as_recent_only_in_a_recent_note() -> None:
    text = "She is drinking three cans of lager most nights."
    assert answers(text)["alcohol_use"] == {"YES_WITHIN_LAST_THREE_MONTHS"}
    assert "alcohol_use" not in answers(text, date="2026-01-10")


def _drug_note(text: str, words: str, status: str, date: str = "2026-06-20") -> dict[str, set[str]]:
    substance = {"name": "heroin", "status": status, "evidence": ev(text, words)}
    return answers(text, date=date, substances=[substance])


def test_a_past_year_of_use_is_more_than_six_months_ago() -> None:
    got = _drug_note(
        "He last injected heroin in 2017 and has been clean since.", "heroin", "historical"
    )
    assert got["drug_use"] == {"YES"} and got["select_misused_drugs"] == {"HEROIN"}
    assert got["drug_last_used_heroin"] == {"MORE_THAN_SIX"}


def test_past_use_without_a_date_leaves_last_used_blank() -> None:
    got = _drug_note("He used to smoke heroin with his cousin.", "heroin", "historical")
    assert got["select_misused_drugs"] == {"HEROIN"}
    assert "drug_last_used_heroin" not in got


def test_current_use_is_recent_only_when_the_note_is() -> None:
    text = "He is using heroin again every day."
    assert _drug_note(text, "heroin", "current")["drug_last_used_heroin"] == {"LAST_SIX"}
    assert "drug_last_used_heroin" not in _drug_note(text, "heroin", "current", "2025-10-01")


def test_a_denied_substance_answers_nothing() -> None:
    got = _drug_note("He denies any heroin use.", "heroin", "negated")
    assert "drug_use" not in got


def test_drinking_dated_years_before_the_contact_is_not_drinking_now() -> None:
    from nlp.assessment import assess

    past = note(1, "2026-08-20", "He was drunk when he was arrested for theft in 2015.")
    now = note(1, "2026-08-20", "He was drunk at the weekend and got into an argument.")
    today = dt.date(2026, 9, 1)
    assert assess({"name": "Al"}, [past], today)["answers"]["alcohol_use"]["value"] is None
    got = assess({"name": "Al"}, [now], today)["answers"]["alcohol_use"]["value"]
    assert got == "YES_WITHIN_LAST_THREE_MONTHS"


@pytest.mark.parametrize(
    "text",
    [
        "He starts a full-time job next week.",
        "He is moving into a CAS3 flat next week.",
        "He will be living with his mum when released.",
        "He lived in approved premises after his last release.",
        "He was sofa surfing before he moved into the hostel.",
        "He used to gamble heavily but stopped in 2020.",
    ],
)
def test_a_future_or_past_clause_is_not_the_situation_now(text: str) -> None:
    from nlp.assessment import assess

    got = assess({"name": "Al"}, [note(1, "2026-08-20", text)], dt.date(2026, 9, 1))
    given = {c: a["value"] for c, a in got["answers"].items() if a["status"] == "answered"}
    assert given == {}, given


def test_a_clause_that_says_now_or_reports_speech_keeps_its_present() -> None:
    from nlp.assessment import assess

    text = "He was sleeping rough but now lives in a CAS3 flat. He said he was drinking daily."
    got = assess({"name": "Al"}, [note(1, "2026-08-20", text)], dt.date(2026, 9, 1))["answers"]
    assert got["type_of_temporary_accommodation"]["value"] == "CAS3"
    assert got["type_of_no_accommodation"]["status"] == "blank"
    assert got["alcohol_use"]["value"] == "YES_WITHIN_LAST_THREE_MONTHS"


def test_a_reported_future_is_still_the_future() -> None:
    from nlp.assessment import assess

    text = "He says he will move in with his mum next week."
    got = assess({"name": "Al"}, [note(1, "2026-08-20", text)], dt.date(2026, 9, 1))["answers"]
    assert got["living_with"]["status"] == "blank"
    assert got["current_accommodation"]["status"] == "blank"
