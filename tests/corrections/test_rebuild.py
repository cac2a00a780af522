"""The record follows the corrections: contact record, sections and exports rebuilt from fields."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.app import make_templates
from assistant.corrections.items import SUBSTANCE_LABELS, set_action, set_drug_test, set_status
from assistant.corrections.rebuild import rebuild, use_rebuilt
from assistant.corrections.scalars import apply_slots, set_field
from assistant.exports import (
    CONTACT_CODES,
    CSV_COLUMNS,
    ENFORCEMENT_CODES,
    OUTCOME_CODES,
    contact_text,
    csv_row,
)
from assistant.fields import (
    ACTION_LABELS,
    CONTACT_TYPE_LABELS,
    FLAG_LABELS,
    NEED_LABELS,
    OUTCOME_LABELS,
)
from tests.corrections.entries import entry

NAME = "Kai Brennan"  # as on the caseload; the note's person.name is lower case
OUTCOME_WORDS = {
    "attended_complied": "Attended - complied",
    "attended_failed_to_comply": "Attended - failed to comply",
    "failed_to_attend": "Failed to attend",
    "acceptable_absence": "Acceptable absence",
    "unacceptable_absence": "Unacceptable absence",
    "rescheduled": "Rescheduled",
}
ENFORCEMENT_WORDS = {
    "none": "No further action",
    "warning_letter": "Warning letter",
    "breach": "Breach action",
    "recall": "Recall requested",
}
OWNER_WORDS = {"officer": "by the officer", "person": "by the person on probation"}
OWNER_WORDS["other"] = "by another agency"
TEMPLATES = make_templates()
TYPE_WORDS = {
    "office_visit": "Office visit",
    "home_visit": "Home visit",
    "telephone": "Telephone contact",
    "video": "Video contact",
    "text_or_email": "Text or email contact",
    "other_face_to_face": "Face-to-face contact (not at the office)",
}


def stored(data):
    """The entry as storage returns it, for the exports."""
    return SimpleNamespace(
        id=7, crn="K200300", status="draft", current_version=2, data=data,
        reference_date="2026-12-03", note_text="(note)",
    )  # fmt: skip


def texts(data):
    """Every text made from an entry: record, sections, nDelius export, CSV row."""
    stored_entry = stored(data)
    ndelius = contact_text(TEMPLATES, stored_entry, SimpleNamespace(name=NAME))
    header, _, body = ndelius.partition("\n\n")
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=CSV_COLUMNS).writerow(csv_row(stored_entry))
    assert body.strip() == data["summary"].strip()  # the export's text is the record itself
    return data["summary"], data["sections"], header, out.getvalue()


def line(text: str, prefix: str) -> str:
    """The one line of `text` starting with `prefix`, or ""."""
    found = [x for x in text.splitlines() if x.startswith(prefix)]
    assert len(found) <= 1, found
    return found[0] if found else ""


def check_agrees(data) -> None:
    """Every text shows each field's current value, and nothing a correction took away."""
    summary, sections, ndelius, row = texts(data)
    outcome = data["contact"]["outcome"]
    assert (
        line(summary, "Outcome:").split(";")[0].rstrip(".") == f"Outcome: {OUTCOME_WORDS[outcome]}"
    )
    assert line(ndelius, "Outcome:") == f"Outcome: {OUTCOME_CODES[outcome]}"
    assert (
        line(summary, "Enforcement:") == f"Enforcement: {ENFORCEMENT_WORDS[data['enforcement']]}."
    )
    assert line(ndelius, "Enforcement:") == f"Enforcement: {ENFORCEMENT_CODES[data['enforcement']]}"
    needs = {n["area"]: n["status"] for n in data["needs"]}
    discussed = line(summary, "Discussed:")
    for area, label in NEED_LABELS.items():
        words = label.lower()
        if area not in needs:
            assert words not in discussed
        else:
            tag = {"need": " (need)", "strength": " (strength)"}.get(needs[area], "")
            assert f"{words}{tag}," in discussed + "," or f"{words}{tag}." in discussed
            if tag != " (need)":
                assert f"{words} (need)" not in discussed
    assert set(sections) == set(needs)
    exported = line(ndelius, "Needs:")
    for area, label in NEED_LABELS.items():
        assert (label in exported) == (needs.get(area) == "need")
    present = {f["code"] for f in data["risk_flags"] if f["status"] == "present"}
    for code, label in FLAG_LABELS.items():
        assert (label.lower() in line(summary, "Risk:")) == (code in present)
        assert (label in line(ndelius, "Risk flags:")) == (code in present)
    actions = {a["code"]: a for a in data["actions"]}
    for code, label in ACTION_LABELS.items():
        assert (label in line(ndelius, "Actions:")) == (code in actions)
    for action in actions.values():
        assert OWNER_WORDS[action["owner"]] in line(summary, "Actions:")
    if actions:
        assert len(line(summary, "Actions:").split(";")) == len(actions)
    else:
        assert line(summary, "Actions:") == ""
    test = data["drug_test"]
    drug_line = line(summary, "Drug test:")
    if test is None:
        assert drug_line == ""
    else:
        assert drug_line.startswith(f"Drug test: {test['result'].replace('_', ' ')}")
        shown = drug_line.partition("(")[2].rstrip(".").rstrip(")")
        assert set(filter(None, shown.split(", "))) == {
            n.replace("_", " ") for n in test["substances"]
        }
    if "drug_use" in sections:  # each substance in plain words (no note text here)
        for s in data["substances"]:
            if s["status"] in ("current", "historical", "negated"):
                assert s["name"].replace("_", " ") in sections["drug_use"]
    nxt = data["next_appointment"]
    if nxt is None:
        assert line(summary, "Next appointment:") == "Next appointment: not set."
        assert line(ndelius, "Next appointment:") == ""
    elif nxt.get("date"):
        day = dt.date.fromisoformat(nxt["date"])
        words = f"Next appointment: {day:%A} {day.day} {day:%B %Y}"
        assert line(summary, "Next appointment:").startswith(words)
        shown = f"Next appointment: {day.day} {day:%B %Y}"  # GOV.UK style, as people read it
        assert line(ndelius, "Next appointment:").startswith(shown)
    minutes = data["contact"]["duration_minutes"]
    assert line(ndelius, "Duration:") == (f"Duration: {minutes} minutes" if minutes else "")
    assert line(summary, "Outcome:").endswith(f"; {minutes} minutes.")
    kind = data["contact"]["type"]
    assert line(ndelius, "Contact type:") == f"Contact type: {CONTACT_CODES[kind]}"
    assert summary.startswith(TYPE_WORDS[kind] + " with ")
    assert NAME in summary and "kai brennan" not in summary
    for section in sections.values():
        assert "kai brennan" not in section
    cells = next(csv.reader(io.StringIO(row)))
    assert cells[CSV_COLUMNS.index("outcome")] == outcome
    assert set(cells[CSV_COLUMNS.index("flags")].split(";")) - {""} == present
    assert set(cells[CSV_COLUMNS.index("actions")].split(";")) - {""} == set(actions)


def status_op(key, codes, statuses):
    return st.tuples(st.just(key), st.sampled_from(codes), st.sampled_from([None, *statuses]))


CORRECTIONS = st.one_of(
    status_op("needs", list(NEED_LABELS), ["need", "no_need", "strength", "unknown"]),
    status_op("risk_flags", list(FLAG_LABELS), ["present", "negated", "historical"]),
    status_op("substances", list(SUBSTANCE_LABELS), ["current", "negated", "other_person"]),
    st.tuples(
        st.just("actions"),
        st.sampled_from(list(ACTION_LABELS)),
        st.sampled_from([None, "officer", "person", "other"]),
    ),
    st.tuples(
        st.just("drug_test"),
        st.sampled_from([None, "negative", "positive", "refused"]),
        st.lists(st.sampled_from(list(SUBSTANCE_LABELS)), max_size=2),
    ),
    st.tuples(st.just("outcome"), st.sampled_from(list(OUTCOME_LABELS)), st.none()),
    st.tuples(st.just("enforcement"), st.sampled_from(list(ENFORCEMENT_WORDS)), st.none()),
    st.tuples(st.just("next_appointment"), st.just(True), st.none()),
    st.tuples(
        st.just("next_date"),
        st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat),
        st.none(),
    ),
    st.tuples(st.just("duration_minutes"), st.integers(1, 240).map(str), st.none()),
    st.tuples(st.just("contact_type"), st.sampled_from(list(CONTACT_TYPE_LABELS)), st.none()),
)


def correct(data, op):
    kind, a, b = op
    if kind in ("needs", "risk_flags", "substances"):
        return set_status(data, kind, a, b).data
    if kind == "actions":
        return set_action(data, a, b).data
    if kind == "drug_test":
        return set_drug_test(data, a, b if a == "positive" else None).data
    if kind == "next_appointment":
        return apply_slots(data, {"field": "next_appointment", "none": True}).data
    return set_field(data, kind, a).data


@settings(max_examples=60, deadline=None)
@given(st.lists(CORRECTIONS, min_size=1, max_size=6))
def test_random_corrections_every_rebuilt_text_shows_the_new_values_and_none_of_the_old(ops):
    data = rebuild(entry(), NAME)
    for op in ops:
        data = rebuild(correct(data, op), NAME)
        check_agrees(data)


def test_the_first_record_already_names_the_person_as_on_the_caseload():
    data = rebuild(entry(), NAME)
    assert data["summary"].startswith("Home visit with Kai Brennan (K200300)")
    assert "current area of need for Kai Brennan" in data["sections"]["finance"]


def test_officers_own_wording_is_kept_marked_and_the_rebuilt_record_offered():
    data = rebuild(entry(), NAME)
    mine = set_field(data, "summary", "Visited Kai at home; he was well.").data
    corrected = rebuild(set_field(mine, "outcome", "attended_failed_to_comply").data, NAME)
    assert corrected["summary"] == "Visited Kai at home; he was well."
    assert corrected["summary_by_officer"] is True
    assert "Outcome: Attended - failed to comply" in corrected["summary_rebuilt"]
    header, _, body = contact_text(
        TEMPLATES, stored(corrected), SimpleNamespace(name=NAME)
    ).partition("\n\n")
    assert "Outcome: AFTC Attended - Failed to Comply" in header
    assert body.startswith("Contact record in the officer's own words (written before later")
    assert body.endswith("Visited Kai at home; he was well.")
    replaced = use_rebuilt(corrected, NAME)
    assert replaced["summary"] == corrected["summary_rebuilt"]
    assert "summary_by_officer" not in replaced and "summary_rebuilt" not in replaced
    check_agrees(replaced)


def test_a_record_no_machine_would_write_is_kept_whichever_path_wrote_it():
    """Written straight to storage (an older client, an import): still the officer's."""
    from assistant.corrections.rebuild import after_correction

    machine = rebuild(entry(), NAME)
    typed = {**machine, "summary": "Seen at home. Fine."}
    after = after_correction(typed, set_field(typed, "outcome", "failed_to_attend").data, NAME)
    assert after["summary"] == "Seen at home. Fine." and after["summary_by_officer"] is True
    assert "Outcome: Failed to attend" in after["summary_rebuilt"]
    # A record the machine wrote with the name as dictated (read before rebuilding) follows.
    old = rebuild(entry(), "kai brennan")
    after = after_correction(old, set_field(old, "outcome", "failed_to_attend").data, NAME)
    assert "summary_by_officer" not in after
    assert after["summary"].startswith("Home visit with Kai Brennan")
    assert "Outcome: Failed to attend" in after["summary"]


def test_the_rebuilt_record_is_offered_only_once_the_fields_say_something_new():
    from assistant.corrections.rebuild import after_correction

    machine = rebuild(entry(), NAME)
    mine = after_correction(machine, set_field(machine, "summary", "My words.").data, NAME)
    assert mine["summary_by_officer"] is True and "summary_rebuilt" not in mine
    moved = after_correction(mine, set_field(mine, "location", "Flat 2").data, NAME)
    assert "summary_rebuilt" not in moved  # the record says nothing of the location
    later = after_correction(moved, set_field(moved, "enforcement", "breach").data, NAME)
    assert later["summary"] == "My words."
    assert "Enforcement: Breach action." in later["summary_rebuilt"]
    again = after_correction(later, set_field(later, "location", "Flat 3").data, NAME)
    assert again["summary_rebuilt"] == later["summary_rebuilt"]  # the offer stands
