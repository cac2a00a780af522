"""Slips found by trying the product with notes of our own: how far abstinence reaches, and
who makes a referral when the officer writes "I would refer him"."""

from __future__ import annotations

import pytest

from tests.extraction.test_extract import codes, extract

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A contrast after the abstinence cue turns to another substance, still in use.
        (
            "He says he has kept off crack since the spring but admitted smoking cannabis "
            "on Saturday.",
            {"crack_cocaine": "historical", "cannabis": "current"},
        ),
        # Before it, the contrast is the abstinence itself: the use it follows has ended.
        (
            "He was injecting heroin for a long time but has been clean since his release.",
            {"heroin": "historical"},
        ),
    ],
)
def test_abstinence_reaches_back_but_not_past_a_contrast(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, expected: dict[str, str]
) -> None:
    entry = extract(extractor, caseload, f"Office visit. {sentence}")
    found = {s["name"]: s["status"] for s in entry["substances"]}
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        ("I told him I would refer him to the housing team this week.", "officer"),
        ("We booked her in with the debt advice service for Monday.", "officer"),
        ("I asked him to refer himself to the housing team.", "person"),
    ],
)
def test_who_refers_is_the_subject_not_the_person_referred(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, owner: str
) -> None:
    entry = extract(extractor, caseload, f"Office visit. {sentence}")
    assert [a["owner"] for a in entry["actions"]][:1] == [owner]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Next appt Mon 2pm office.", "office_visit"),
        ("Next appointment Friday at 11, by phone.", "telephone"),
        ("Next appt Weds 10am.", "telephone"),  # no place said: as this contact
    ],
)
def test_a_bare_place_word_says_where_the_next_appointment_is(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, kind: str
) -> None:
    entry = extract(extractor, caseload, f"Telephone contact today. {sentence}")
    assert entry["next_appointment"]["type"] == kind


@pytest.mark.parametrize(
    ("sentence", "date", "check"),
    [
        # The 14th of December 2026 is a Monday: both words hold only in January, so the
        # date is read there and the officer is told why.
        (
            "Next appt Thurs 14th at 10am.",
            "2027-01-14",
            "14 December is a Monday, so \u201cThurs 14th\u201d was read as "
            "Thursday 14 January 2027: check the date.",
        ),
        ("see him again thurs 14th 2pm in the office", "2027-01-14", "14 December is a Monday"),
        # Weekday and day agree: nothing to check.
        ("Next appointment Monday 14th at 2pm.", "2026-12-14", None),
        ("Next appointment Thursday 10th December 2.30pm.", "2026-12-10", None),
        ("Next appt 14th at 10am.", "2026-12-14", None),
    ],
)
def test_a_weekday_and_day_that_disagree_are_flagged_for_the_officer(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, date: str, check: str | None
) -> None:
    entry = extract(extractor, caseload, f"Office visit today, on time. {sentence}", "2026-12-07")
    nxt = entry["next_appointment"]
    assert nxt["date"] == date
    if check is None:
        assert "check" not in nxt
    else:
        assert nxt["check"].startswith(check)


@pytest.mark.parametrize(
    ("sentence", "minutes"),
    [
        ("OV. Late 10 mins (traffic).", 10),
        ("Seen in the office, late - 15 min, said the bus was full.", 15),
        ("She was late by twenty minutes again.", 20),
        ("He was late ten minutes into the session when the fire alarm went.", None),
    ],
)
def test_lateness_written_with_the_word_first(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, minutes: int | None
) -> None:
    assert extract(extractor, caseload, sentence)["contact"]["late_minutes"] == minutes


@pytest.mark.parametrize(
    ("sentence", "statuses"),
    [
        # Being under a condition is no breach, now or in the past.
        ("Phone call as planned (she is on the tag till the 20th).", set()),
        ("Office visit. He had a curfew on his last licence in 2022.", set()),
        # A breach in so many words still counts, whenever it was.
        ("Office visit. He breached his curfew twice in 2023, none since.", {"historical"}),
        ("Office visit. Tag alert on Saturday night, he says the strap was loose.", {"present"}),
    ],
)
def test_a_condition_is_not_a_breach(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, statuses: set[str]
) -> None:
    flags = extract(extractor, caseload, sentence)["risk_flags"]
    assert {f["status"] for f in flags if f["code"] == "condition_breach"} == statuses


@pytest.mark.parametrize(
    ("sentence", "health"),
    [
        # What was asked about is not a need, whatever the answer.
        ("Phone call. Asked about self-harm, she said no thoughts of it now.", None),
        ("Phone call. Asked about self-harm - she said she cut her arm years ago.", None),
        # A yes makes the flag present, and the flag makes the need.
        ("Phone call. Asked about self-harm, she said she cut herself on Saturday.", "need"),
    ],
)
def test_a_need_that_was_only_asked_about(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, health: str | None
) -> None:
    needs = {n["area"]: n["status"] for n in extract(extractor, caseload, sentence)["needs"]}
    assert needs.get("health_wellbeing") == health


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        (
            "did not attend his appointment today at 9.30. If nothing is received by Friday "
            "it will be treated as unacceptable and a warning letter will go out.",
            "failed_to_attend",
        ),
        (
            "Did not attend today. Unless he sends evidence by Friday it will be recorded as an "
            "unacceptable absence.",
            "failed_to_attend",
        ),
        (
            "Did not attend today. No reason given, recorded as unacceptable absence.",
            "unacceptable_absence",
        ),  # fmt: skip
    ],
)
def test_an_absence_judged_only_on_a_condition_is_not_judged_yet(  # type: ignore[no-untyped-def]
    extractor, caseload, body: str, outcome: str
) -> None:
    assert extract(extractor, caseload, body)["contact"]["outcome"] == outcome


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # how the person keeps in touch with family is a habit, not how this contact happened
        (
            "Induction today. His children live with their mum, he has video calls with "
            "them weekly.",
            "office_visit",
        ),
        ("Seen at the office. He rings his mum every day, she is unwell.", "office_visit"),
        ("Video call today as agreed. Went through his licence conditions.", "video"),
        ("Induction done by video link from HMP Leeds.", "video"),
    ],
)
def test_a_habit_of_the_persons_life_is_not_the_contact_type(  # type: ignore[no-untyped-def]
    extractor, caseload, body: str, kind: str
) -> None:
    assert extract(extractor, caseload, body)["contact"]["type"] == kind


def test_children_living_with_their_other_parent_is_no_safeguarding_concern(  # type: ignore[no-untyped-def]
    extractor, caseload
) -> None:
    body = "Office visit. Children: two, they live with their mum in Leeds, he sees them Sundays."
    assert codes(extract(extractor, caseload, body)["risk_flags"], "code") == set()


@pytest.mark.parametrize(
    ("sentence", "area"),
    [
        # The partner tells it, but the arrears are the household's: the person's need.
        (
            "His partner Roxanne was there for part of it. Roxanne says money is very tight, "
            "rent arrears of £300.",
            "finance",
        ),
        ("Her mum told me that has been drinking every night since the funeral.", "alcohol_use"),
    ],
)
def test_what_someone_reports_without_a_subject_is_about_the_person(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, area: str
) -> None:
    entry = extract(extractor, caseload, f"Home visit. {sentence}")
    assert {n["area"]: n["status"] for n in entry["needs"]}.get(area) == "need"


@pytest.mark.parametrize(
    "sentence",
    [
        "He lost his warehouse job last week after a row with a supervisor.",
        "She has lost her cleaning job at the hospital.",
        "He got sacked from the car wash on Friday.",
    ],
)
def test_a_job_lost_with_words_between_is_an_employment_need(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str
) -> None:
    entry = extract(extractor, caseload, f"Office visit. {sentence}")
    assert {n["area"]: n["status"] for n in entry["needs"]}.get("employment_education") == "need"


@pytest.mark.parametrize("written", ["craig lomax", "Johnny Mercer"])
def test_the_record_names_the_person_as_the_caseload_spells_them(  # type: ignore[no-untyped-def]
    extractor, caseload, written: str
) -> None:
    entry = extract(extractor, caseload, f"Office visit with {written} today, on time.")
    expected = caseload.get(entry["person"]["crn"]).name
    assert expected != written and entry["person"]["name"] == expected
    assert f"with {expected} (" in entry["summary"] and written not in entry["summary"]


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("Joint visit with PC Amos to Craig Lomax's new flat. Flat tidy.", "home_visit"),
        ("Visit to his new bedsit with the support worker; settling in.", "home_visit"),
        # "call-outs" is the police attending, not a telephone contact.
        ("Home visit. Police confirm no further call-outs to the address.", "home_visit"),
        ("Seen in the office. He has asked for a call-back from the Jobcentre.", "office_visit"),
        ("Tel-call with Craig, no concerns.", "telephone"),
    ],
)
def test_a_visit_to_someones_home_and_a_hyphenated_call(  # type: ignore[no-untyped-def]
    extractor, caseload, note: str, kind: str
) -> None:
    assert extract(extractor, caseload, note)["contact"]["type"] == kind


def test_a_clear_test_is_not_the_first_reason_for_a_drug_use_need(  # type: ignore[no-untyped-def]
    extractor, caseload
) -> None:
    note = (
        "Office visit. Drug test negative for opiates. He has been using crack most "
        "weekends and wants help with it."
    )
    drug = next(n for n in extract(extractor, caseload, note)["needs"] if n["area"] == "drug_use")
    assert drug["status"] == "need"
    assert "crack" in drug["evidence"][0]["text"]
    assert any("negative" in e["text"] for e in drug["evidence"][1:])


@pytest.mark.parametrize(
    ("sentence", "name", "status"),
    [
        # A denial that dates its start: use went on until then.
        ("She has not touched cocaine since the summer.", "cocaine", "historical"),
        ("He says he has not used amphetamine since he was 25.", "amphetamine", "historical"),
        ("No cannabis since his release, he says.", "cannabis", "historical"),
        # No date: ruled out; "since" giving a reason is no date.
        ("He denies using cannabis.", "cannabis", "negated"),
        ("He has not used heroin since he is on a script now.", "heroin", "negated"),
    ],
)
def test_not_used_since_a_time_is_in_the_past(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, name: str, status: str
) -> None:
    entry = extract(extractor, caseload, f"Office visit. {sentence}")
    assert {s["name"]: s["status"] for s in entry["substances"]}.get(name) == status


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        # The worker is told; the officer refers (dictated in lower case).
        ("i have let the dv worker know and made a marac referral.", "officer"),
        ("I have informed the housing worker and made a housing referral.", "officer"),
        # The worker does it.
        ("I rang her keyworker, who will refer her to the housing team.", "other"),
        ("The DV worker has made a MARAC referral.", "other"),
    ],
)
def test_an_agency_told_is_not_the_one_who_refers(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str, owner: str
) -> None:
    entry = extract(extractor, caseload, f"Phone call with Craig. {sentence}")
    assert [a["owner"] for a in entry["actions"]][:1] == [owner]


@pytest.mark.parametrize(
    "sentence",
    [
        "His ex Kasia has a non-mol against him; it expires in Jan.",
        "The restraining order protecting his ex expires in January.",
    ],
)
def test_an_order_that_expires_next_month_is_in_force(  # type: ignore[no-untyped-def]
    extractor, caseload, sentence: str
) -> None:
    entry = extract(extractor, caseload, f"Office visit. {sentence}", ref="2026-12-07")
    flags = {f["code"]: f["status"] for f in entry["risk_flags"]}
    assert flags.get("domestic_abuse") == "present"
