"""Dates and times in notes, resolved against the day the note was written (UK day-first)."""

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.datetimes.dates import (
    DateMention,
    TimeMention,
    find_dates,
    find_times,
    parse_time,
    resolve_date_phrase,
)

WED = dt.date(2026, 3, 18)  # a Wednesday
D = dt.date.fromisoformat
T = dt.time.fromisoformat


def _only(text: str) -> DateMention:
    found = find_dates(text)
    assert len(found) == 1, found
    return found[0]


# phrase, reference, past, future, nearest
RESOLVED = [
    # weekdays: future is the first strictly after, past the latest strictly before
    ("Tuesday", WED, "2026-03-17", "2026-03-24", "2026-03-17"),
    ("on Saturday", WED, "2026-03-14", "2026-03-21", "2026-03-21"),
    ("Wednesday", WED, "2026-03-11", "2026-03-25", "2026-03-25"),
    ("next Tuesday", WED, "2026-03-24", "2026-03-24", "2026-03-24"),
    ("this Tuesday", WED, "2026-03-17", "2026-03-24", "2026-03-17"),
    ("this coming Monday", WED, "2026-03-23", "2026-03-23", "2026-03-23"),
    ("last Friday", WED, "2026-03-13", "2026-03-13", "2026-03-13"),
    ("Friday just gone", WED, "2026-03-13", "2026-03-13", "2026-03-13"),
    ("a week on Friday", WED, "2026-03-27", "2026-03-27", "2026-03-27"),
    ("Friday week", WED, "2026-03-27", "2026-03-27", "2026-03-27"),
    ("a fortnight on Monday", WED, "2026-04-06", "2026-04-06", "2026-04-06"),
    ("Tuesday next week", WED, "2026-03-24", "2026-03-24", "2026-03-24"),
    ("Monday last week", WED, "2026-03-09", "2026-03-09", "2026-03-09"),
    ("Thursday this week", WED, "2026-03-19", "2026-03-19", "2026-03-19"),
    ("Tues", WED, "2026-03-17", "2026-03-24", "2026-03-17"),
    ("Weds", WED, "2026-03-11", "2026-03-25", "2026-03-25"),
    ("Thurs", WED, "2026-03-12", "2026-03-19", "2026-03-19"),
    ("fri", WED, "2026-03-13", "2026-03-20", "2026-03-20"),
    ("on Sat", WED, "2026-03-14", "2026-03-21", "2026-03-21"),
    ("Saturday night", WED, "2026-03-14", "2026-03-21", "2026-03-21"),
    ("Monday morning", WED, "2026-03-16", "2026-03-23", "2026-03-16"),
    # relative days
    ("today", WED, "2026-03-18", "2026-03-18", "2026-03-18"),
    ("this morning", WED, "2026-03-18", "2026-03-18", "2026-03-18"),
    ("this afternoon", WED, "2026-03-18", "2026-03-18", "2026-03-18"),
    ("tonight", WED, "2026-03-18", "2026-03-18", "2026-03-18"),
    ("later today", WED, "2026-03-18", "2026-03-18", "2026-03-18"),
    ("yesterday", WED, "2026-03-17", "2026-03-17", "2026-03-17"),
    ("yesterday evening", WED, "2026-03-17", "2026-03-17", "2026-03-17"),
    ("last night", WED, "2026-03-17", "2026-03-17", "2026-03-17"),
    ("tomorrow", WED, "2026-03-19", "2026-03-19", "2026-03-19"),
    ("tmrw", WED, "2026-03-19", "2026-03-19", "2026-03-19"),
    ("the day before yesterday", WED, "2026-03-16", "2026-03-16", "2026-03-16"),
    ("the day after tomorrow", WED, "2026-03-20", "2026-03-20", "2026-03-20"),
    # offsets
    ("in two weeks", WED, "2026-04-01", "2026-04-01", "2026-04-01"),
    ("in 2 weeks", WED, "2026-04-01", "2026-04-01", "2026-04-01"),
    ("in a fortnight", WED, "2026-04-01", "2026-04-01", "2026-04-01"),
    ("in three days", WED, "2026-03-21", "2026-03-21", "2026-03-21"),
    ("in a week's time", WED, "2026-03-25", "2026-03-25", "2026-03-25"),
    ("two weeks' time", WED, "2026-04-01", "2026-04-01", "2026-04-01"),
    ("a week today", WED, "2026-03-25", "2026-03-25", "2026-03-25"),
    ("a week tomorrow", WED, "2026-03-26", "2026-03-26", "2026-03-26"),
    ("3 days ago", WED, "2026-03-15", "2026-03-15", "2026-03-15"),
    ("a fortnight ago", WED, "2026-03-04", "2026-03-04", "2026-03-04"),
    ("in a month", WED, "2026-04-18", "2026-04-18", "2026-04-18"),
    ("in 5 working days", WED, "2026-03-25", "2026-03-25", "2026-03-25"),
    ("same time next week", WED, "2026-03-25", "2026-03-25", "2026-03-25"),
    # days of the month: future is the next one, past the latest on or before
    ("the 28th", WED, "2026-02-28", "2026-03-28", "2026-03-28"),
    ("the twenty eighth", WED, "2026-02-28", "2026-03-28", "2026-03-28"),
    ("the 18th", WED, "2026-03-18", "2026-04-18", "2026-03-18"),
    ("on the 31st", WED, "2026-01-31", "2026-03-31", "2026-03-31"),
    ("the 2nd of next month", WED, "2026-04-02", "2026-04-02", "2026-04-02"),
    ("Wed 18th", D("2026-03-20"), "2026-03-18", "2026-11-18", "2026-03-18"),
    ("Friday 13th", WED, "2026-03-13", "2026-11-13", "2026-03-13"),
    # explicit day and month: the year that fits the direction
    ("14 January", WED, "2026-01-14", "2027-01-14", "2026-01-14"),
    ("14th Jan", WED, "2026-01-14", "2027-01-14", "2026-01-14"),
    ("January 14th", WED, "2026-01-14", "2027-01-14", "2026-01-14"),
    ("14th Jan 2026", WED, "2026-01-14", "2026-01-14", "2026-01-14"),
    ("the fourteenth of april", WED, "2025-04-14", "2026-04-14", "2026-04-14"),
    ("Mon 9 Feb", D("2026-02-04"), "2026-02-09", "2026-02-09", "2026-02-09"),
    ("Wednesday, 14 January", D("2026-01-07"), "2026-01-14", "2026-01-14", "2026-01-14"),
    ("3/4", WED, "2025-04-03", "2026-04-03", "2026-04-03"),
    ("14/03", WED, "2026-03-14", "2027-03-14", "2026-03-14"),
    ("3/2", WED, "2026-02-03", "2027-02-03", "2026-02-03"),
    ("10/6", WED, "2025-06-10", "2026-06-10", "2026-06-10"),
    ("17/3", WED, "2026-03-17", "2027-03-17", "2026-03-17"),
    ("Tue 17/3", WED, "2026-03-17", "2026-03-17", "2026-03-17"),
    ("18/3", WED, "2026-03-18", "2026-03-18", "2026-03-18"),
    ("14/03/2026", WED, "2026-03-14", "2026-03-14", "2026-03-14"),
    ("14/3/26", WED, "2026-03-14", "2026-03-14", "2026-03-14"),
    ("2026-03-14", WED, "2026-03-14", "2026-03-14", "2026-03-14"),
    ("14.03.2026", WED, "2026-03-14", "2026-03-14", "2026-03-14"),
    ("Tues 3.2", WED, "2026-02-03", "2026-02-03", "2026-02-03"),
    ("w/c 15/6", WED, "2025-06-15", "2026-06-15", "2026-06-15"),
    ("Boxing Day", WED, "2025-12-26", "2026-12-26", "2025-12-26"),
    ("New Year's Day", WED, "2026-01-01", "2027-01-01", "2026-01-01"),
    ("week commencing Monday 6th April", WED, "2026-04-06", "2026-04-06", "2026-04-06"),
    # across the turn of the year
    ("3/1", D("2025-12-30"), "2025-01-03", "2026-01-03", "2026-01-03"),
    ("28/12", D("2026-01-02"), "2025-12-28", "2026-12-28", "2025-12-28"),
    ("the 2nd", D("2025-12-30"), "2025-12-02", "2026-01-02", "2026-01-02"),
    ("next Monday", D("2025-12-30"), "2026-01-05", "2026-01-05", "2026-01-05"),
    ("29/2", D("2024-03-10"), "2024-02-29", "2024-02-29", "2024-02-29"),
]


@pytest.mark.parametrize(("phrase", "reference", "past", "future", "nearest"), RESOLVED)
def test_resolve(phrase: str, reference: dt.date, past: str, future: str, nearest: str) -> None:
    mention = _only(phrase)
    assert mention.text == phrase.removeprefix("on ")
    assert mention.resolve(reference, "past") == D(past)
    assert mention.resolve(reference, "future") == D(future)
    assert mention.resolve(reference, "nearest") == D(nearest)


@pytest.mark.parametrize(("phrase", "reference", "past", "future", "nearest"), RESOLVED)
def test_resolve_in_a_sentence(
    phrase: str, reference: dt.date, past: str, future: str, nearest: str
) -> None:
    text = f"Spoke to him and agreed {phrase}, then left."
    mention = _only(text)
    assert mention.text == phrase.removeprefix("on ")
    assert text[mention.start : mention.end] == mention.text
    assert mention.resolve(reference, "future") == D(future)


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("next Tuesday", "weekday"),
        ("the 28th", "day"),
        ("Wed 18th", "day"),
        ("14 January", "date"),
        ("3/4", "date"),
        ("today", "relative"),
        ("in two weeks", "relative"),
        ("same time next week", "same_time_next_week"),
        ("next week at the same time", "same_time_next_week"),
        ("w/c 15/6", "week_commencing"),
        ("last week", "vague"),
        ("next week", "vague"),
        ("next month", "vague"),
        ("last year", "vague"),
        ("at the weekend", "vague"),
        ("in May", "vague"),
        ("since October", "vague"),
        ("in 2019", "vague"),
        ("within two weeks", "vague"),
        ("in a couple of weeks", "vague"),
        ("Christmas Day", "date"),
        ("since Christmas", "vague"),
        ("over Easter", "vague"),
    ],
)
def test_kinds(phrase: str, kind: str) -> None:
    assert _only(phrase).kind == kind


@pytest.mark.parametrize(
    "phrase", ["last week", "next month", "at the weekend", "in May", "in 2019", "wknd"]
)
def test_vague_mentions_resolve_to_nothing(phrase: str) -> None:
    for direction in ("past", "future", "nearest"):
        assert _only(phrase).resolve(WED, direction) is None


def test_vague_month_keeps_the_month() -> None:
    mention = _only("He was arrested in December 2025.")
    assert (mention.text, mention.month, mention.year) == ("December 2025", 12, 2025)


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Next appointment in two weeks at the same time.", "in two weeks at the same time"),
        ("See you next week, same time.", "next week, same time"),
        ("Same time next week please.", "Same time next week"),
        ("Back on Tuesday at the same time.", "Tuesday at the same time"),
    ],
)
def test_same_time_is_flagged(text: str, mention: str) -> None:
    found = _only(text)
    assert found.text == mention
    assert found.same_time


def test_same_time_next_week_is_seven_days_on() -> None:
    mention = _only("Rebooked for the same time next week.")
    assert mention.kind == "same_time_next_week"
    assert mention.resolve(D("2026-06-30"), "future") == D("2026-07-07")


def test_part_of_day_is_kept() -> None:
    assert _only("She rang this afternoon").part_of_day == "afternoon"
    assert _only("on Saturday night").part_of_day == "night"
    assert _only("tomorrow am").part_of_day == "morning"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Seen today. Next appointment: Thursday 2 April at 10:30.",
            ["today", "Thursday 2 April"],
        ),
        (
            "He missed Monday's appointment (Mon 16/3 at 2pm) and rang yesterday.",
            ["Monday", "Mon 16/3", "yesterday"],
        ),
        ("FTA Wed 11th, rebooked for Fri 20/3 10am.", ["Wed 11th", "Fri 20/3"]),
        ("Next appt 12/6 4pm. UPW to be booked w/c 22/6.", ["12/6", "w/c 22/6"]),
        ("Video call on 21/8, next one in a fortnight.", ["21/8", "in a fortnight"]),
        ("next appointment the twenty third at eleven", ["the twenty third"]),
        ("he is booked in for the 3rd of May", ["the 3rd of May"]),
        ("Came in on the 12th.", ["the 12th"]),
        ("TC w/ Lee thurs", ["thurs"]),
        ("since 1/3", ["1/3"]),
        ("on the 1st he rang", ["the 1st"]),
        ("Tuesday and Thursday", ["Tuesday", "Thursday"]),
        ("Mon-Fri", ["Mon", "Fri"]),
    ],
)
def test_find_dates(text: str, expected: list[str]) -> None:
    found = find_dates(text)
    assert [m.text for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    "text",
    [
        "She has now done 12 of her 30 RAR days.",
        "He has completed 45 of 120 hours of unpaid work.",
        "Paying £15/wk towards arrears and £20/mth for fines.",
        "Staff are on site 24/7.",
        "He works 25 hrs/wk at the depot.",
        "Scored his mood 7/10 and anxiety 8/10.",
        "About 3/4 of the hours are done.",
        "He drinks 2/3 cans a night.",
        "Vision 20/20, no concerns.",
        "1:1 support from his keyworker.",
        "He sat down and the sun came out.",
        "He may call later if the bus is on time.",
        "Dec said he was fine; Jan is his sister.",
        "This is the 3rd time he has been late.",
        "It was the first time he had disclosed it.",
        "Drinks six pints on a Saturday.",
        "Goes to meetings every Monday and on Thursdays.",
        "His 18th birthday party went well.",
        "He was on the 5th floor of the hostel.",
        "Script is 2.5 ml a day, paid £5.30 for it.",
        "Version 1.10 of the plan; room 3-4.",
        "He has 2 children aged 4 and 6.",
        "The ratio was 1/1 and unchanged.",
        "They will march to the town hall.",
        "Two mornings a week at the food bank.",
        "for two weeks he stayed at his mum's",
        "RAR 5/10 completed.",
        "UPW: 12/40 hours done.",
    ],
)
def test_no_dates_in_counts_money_and_ratios(text: str) -> None:
    assert [m.text for m in find_dates(text) if m.kind != "vague"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seen at 2pm.", [("2pm", "14:00")]),
        ("Curfew check at 9:15pm with a colleague", [("9:15pm", "21:15")]),
        ("Call at 14:00", [("14:00", "14:00")]),
        (
            "Booked for nine, arrived at nine twenty.",
            [("nine", "09:00"), ("nine twenty", "09:20")],
        ),
        ("Appointment at half nine.", [("half nine", "09:30")]),
        ("Appointment at half past nine.", [("half past nine", "09:30")]),
        ("I will see him at four.", [("four", "16:00")]),
        ("his three o'clock appointment", [("three o'clock", "15:00")]),
        ("Next appt Thursday 2:30", [("2:30", "14:30")]),
        ("Next appt Monday 2.30", [("2.30", "14:30")]),
        ("Seen at 10.30am.", [("10.30am", "10:30")]),
        ("at 12 noon", [("12 noon", "12:00")]),
        ("by midday", [("midday", "12:00")]),
        ("quarter past ten", [("quarter past ten", "10:15")]),
        ("quarter to eight", [("quarter to eight", "07:45")]),
        ("twenty past three", [("twenty past three", "15:20")]),
        ("open from 9 to 5", [("9", "09:00"), ("5", "17:00")]),
        ("session 2-3pm", [("2", "14:00"), ("3pm", "15:00")]),
        ("Curfew check 2200hrs", [("2200hrs", "22:00")]),
        ("arrived at 8", [("8", "08:00")]),
        ("the nineteenth at three", [("three", "15:00")]),
        ("around 4ish", [("4ish", "16:00")]),
        ("Thu 26/3 9am", [("9am", "09:00")]),
        ("at 11 a.m. sharp", [("11 a.m.", "11:00")]),
        # a year after a month is never a clock: not 20:27, and the time after it still counts
        ("Next appointment Friday 8th January 2027 at 11am", [("11am", "11:00")]),
        ("Next appt 8 Jan, 2027 1400", [("1400", "14:00")]),
        ("next appt 8th jan. 2027 9.30", [("9.30", "09:30")]),
        ("Next: 10.15 3rd Aug, office.", [("10.15", "10:15")]),
    ],
)
def test_find_times(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_times(text)
    assert [(m.text, m.value.isoformat("minutes")) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text
        assert isinstance(m, TimeMention)


@pytest.mark.parametrize(
    "text",
    [
        "He has 2 children.",
        "She has done 14 of 20 sessions.",
        "He arrived 20 minutes late.",
        "10 mins late, bus delayed.",
        "He was remanded for two weeks.",
        "At one point he raised his voice.",
        "They came in one by one.",
        "He drinks about four cans a day.",
        "Paid £5.30 and £12.50.",
        "Works 30 hrs/wk.",
        "Support is 24/7.",
        "1:1 with keyworker.",
        "Scored 3.5 out of 5.",
        "At 12 he was taken into care.",
        "Sentenced to 18 months.",
        "Six pints on a Friday, he says.",
        "for one thing he was late",
        "five to ten years ago",
        "between two and three times a week",
        "Court date set for 3 March 2027.",
        "Licence expiry: September 2028",
        "She moved in with him in December, 2019.",
    ],
)
def test_no_times_without_a_cue(text: str) -> None:
    assert find_times(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2pm", "14:00"),
        ("14:00", "14:00"),
        ("2.30pm", "14:30"),
        ("half nine", "09:30"),
        ("half two", "14:30"),
        ("ten twenty five", "10:25"),
        ("ten oh five", "10:05"),
        ("two o'clock", "14:00"),
        ("at four", "16:00"),
        ("at ten", "10:00"),
        ("at 12", "12:00"),
        ("midday", "12:00"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("6:45pm", "18:45"),
        ("5.30", "17:30"),
        ("8.15", "08:15"),
        ("09:00", "09:00"),
        ("06:30", "06:30"),
        ("12am", "00:00"),
        ("12.30 pm", "12:30"),
        ("11 AM", "11:00"),
        ("7pm", "19:00"),
        ("quarter to one", "12:45"),
        ("1430hrs", "14:30"),
        ("at 4ish", "16:00"),
        ("3pm.", "15:00"),
        ("10 a.m.", "10:00"),
    ],
)
def test_parse_time(text: str, expected: str) -> None:
    assert parse_time(text) == T(expected)


@pytest.mark.parametrize(
    "text", ["", "  ", "at", "2 children", "14 of 20", "tomorrow", "25:00", "13pm", "half"]
)
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "reference", "direction", "expected"),
    [
        ("tues", WED, "future", "2026-03-24"),
        ("next appt tues 2pm", WED, "future", "2026-03-24"),
        ("the 28th", WED, "past", "2026-02-28"),
        ("10/6", WED, "future", "2026-06-10"),
        ("1/1", WED, "past", "2026-01-01"),
        ("sat", WED, "past", "2026-03-14"),
        ("since 1/3", WED, "past", "2026-03-01"),
        ("this morning", WED, "past", "2026-03-18"),
        ("in a fortnight", WED, "future", "2026-04-01"),
        ("last week", WED, "past", None),
        ("nothing here", WED, "past", None),
        ("", WED, "past", None),
    ],
)
def test_resolve_date_phrase(
    text: str, reference: dt.date, direction: str, expected: str | None
) -> None:
    value = resolve_date_phrase(text, reference, direction)
    assert value == (D(expected) if expected else None)


def test_unknown_direction_is_an_error() -> None:
    with pytest.raises(ValueError, match="direction"):
        _only("Tuesday").resolve(WED, "sideways")


def test_impossible_dates_resolve_to_nothing() -> None:
    assert _only("29/2").resolve(D("2026-03-01"), "past") is None
    assert find_dates("31/4") == []
    assert find_dates("30th Feb") == []


def test_a_long_note_is_quick() -> None:
    sentence = (
        "Seen today at 2pm, he rang yesterday about the 28th and Tue 17/3; next appointment "
        "in two weeks at half nine, paying £20/mth, 14 of 20 RAR days done. "
    )
    note = sentence * 100
    begin = time.perf_counter()
    dates, times = find_dates(note), find_times(note)
    assert time.perf_counter() - begin < 1.0
    assert len(dates) == 500 and len(times) == 200


@settings(deadline=None)
@given(st.text(max_size=300))
def test_find_dates_never_raises_and_slices(text: str) -> None:
    for m in find_dates(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


@settings(deadline=None)
@given(st.text(max_size=300))
def test_find_times_never_raises_and_slices(text: str) -> None:
    for m in find_times(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text


_DATEISH = st.sampled_from(
    [
        "on",
        "the",
        "28th",
        "twenty",
        "eighth",
        "next",
        "Tuesday",
        "Wed",
        "18th",
        "3/4",
        "14/03/2026",
        "January",
        "Jan",
        "14",
        "at",
        "ten",
        "half",
        "nine",
        "2pm",
        "10:30",
        "in",
        "two",
        "weeks",
        "same",
        "time",
        "week",
        "w/c",
        "a",
        "fortnight",
        "today",
        "ago",
        "of",
        "May",
        "2019",
        ",",
        ".",
        "24/7",
        "£20/mth",
        "o'clock",
        "quarter",
        "past",
        "to",
        "-",
    ]
)


@settings(deadline=None)
@given(
    st.lists(_DATEISH, max_size=30).map(" ".join),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31)),
    st.sampled_from(["past", "future", "nearest"]),
)
def test_date_like_text_slices_and_resolves(text: str, reference: dt.date, direction: str) -> None:
    for m in find_dates(text):
        assert text[m.start : m.end] == m.text
        value = m.resolve(reference, direction)
        assert value is None or isinstance(value, dt.date)
        if m.kind == "relative" and not m.offset_months and not m.working_days:
            assert value == reference + dt.timedelta(days=m.offset_days)
    for t in find_times(text):
        assert text[t.start : t.end] == t.text


@settings(deadline=None)
@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31)),
    st.sampled_from(["Monday", "Tue", "Weds", "Thurs", "Friday", "Saturday", "Sunday"]),
)
def test_weekday_rules_hold_for_any_reference(reference: dt.date, word: str) -> None:
    mention = _only(f"on {word}")
    past, future = mention.resolve(reference, "past"), mention.resolve(reference, "future")
    assert past is not None and future is not None
    assert past.weekday() == future.weekday() == mention.weekday
    assert 1 <= (reference - past).days <= 7
    assert 1 <= (future - reference).days <= 7
    assert _only(f"next {word}").resolve(reference, "past") == future


@settings(deadline=None)
@given(
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2098, 12, 31)),
    st.integers(1, 31),
)
def test_day_of_month_rules_hold_for_any_reference(reference: dt.date, day: int) -> None:
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(day, "th")
    mention = _only(f"on the {day}{suffix}")
    past, future = mention.resolve(reference, "past"), mention.resolve(reference, "future")
    assert past is not None and future is not None
    assert past.day == future.day == day
    assert past <= reference < future
    assert (reference - past).days < 93 and (future - reference).days < 93
