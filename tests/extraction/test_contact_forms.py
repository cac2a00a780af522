"""Contact type and outcome in settings other writers record: an unpaid work supervisor
named before the report, a missed programme session, an appointment moved the day before,
and "asked him to leave" said of someone other than the officer."""

from __future__ import annotations

REF = "2026-06-17"  # a Wednesday


def _contact(extractor, note: str):  # type: ignore[no-untyped-def]
    return extractor.extract(note, REF).contact


def test_a_named_supervisor_reporting_a_session(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "Sue (UPW supervisor, canal clean-up project) rang at 13:00. He was booked on "
        "today's session from 9 and never arrived. I texted him to ring me tomorrow."
    )
    c = _contact(extractor, note)
    assert (c.type, c.outcome) == ("other_face_to_face", "failed_to_attend")


def test_a_programme_session_missed_for_a_good_reason(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "She missed Thinking Skills session 3 on Monday (15/6, 5pm) because her son was in "
        "hospital. She told the facilitators beforehand; the treatment manager agreed the "
        "absence is acceptable."
    )
    c = _contact(extractor, note)
    assert (c.date, c.type, c.outcome) == ("2026-06-15", "office_visit", "acceptable_absence")


def test_an_appointment_moved_the_day_before(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "He rang this morning to move tomorrow's 10:00 office appointment as he has a "
        "hospital scan. Moved to Monday at 2pm."
    )
    c = _contact(extractor, note)
    assert (c.date, c.outcome) == ("2026-06-18", "rescheduled")


def test_the_person_asking_a_relative_to_leave_is_no_failure(extractor) -> None:  # type: ignore[no-untyped-def]
    note = (
        "Office visit at 11, on time. Her cousin has been staying with her and drinking; "
        "she has asked him to leave by Friday. Next appt Weds 11am."
    )
    assert _contact(extractor, note).outcome == "attended_complied"


def test_the_officer_asking_the_person_to_leave_is(extractor) -> None:  # type: ignore[no-untyped-def]
    note = "Office visit at 11. He was shouting at reception and I asked him to leave the building."
    assert _contact(extractor, note).outcome == "attended_failed_to_comply"


def test_a_name_that_is_also_a_word_opening_a_booking(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    note = "Sandy booked 10.30, arrived ten to eleven. Working full time now. Next appt Weds 2pm."
    entry = extractor.extract(note, REF, caseload)
    assert entry.person is not None and entry.person["crn"] == "S853140"
    assert entry.contact.late_minutes == 20
