"""End-to-end extraction on notes written for these tests, one behaviour each."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nlp.errors import EmptyNote, NlpError, NoteTooLong

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "nlp/schemas/case-entry.schema.json").read_text()
)


def extract(extractor, caseload, text: str, ref: str = "2026-05-14") -> dict:  # type: ignore[no-untyped-def]
    entry = extractor.extract(text, ref, caseload).to_json()
    jsonschema.validate(entry, SCHEMA)
    return entry


def codes(items: list[dict], key: str, status: str | None = None) -> set[str]:
    return {i[key] for i in items if status is None or i["status"] == status}


def test_evidence_quotes_the_note_exactly(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Craig Lomax attended the office on time. He is sofa surfing at a cousin's flat and "
        "I made a CAS3 referral today. UA negative. Next appt Thursday 21 May at 10am."
    )
    entry = extract(extractor, caseload, text)
    evidence = [e for n in entry["needs"] for e in n["evidence"]]
    evidence += [a["evidence"] for a in entry["actions"]]
    evidence += list(entry["contact"]["evidence"].values())
    assert evidence
    for ev in evidence:
        assert text[ev["start"] : ev["end"]] == ev["text"]
    assert entry["person"]["crn"] == "K227841"
    assert entry["contact"]["type"] == "office_visit"
    assert entry["contact"]["outcome"] == "attended_complied"
    assert entry["drug_test"]["result"] == "negative"
    assert codes(entry["needs"], "area", "need") == {"accommodation"}
    assert codes(entry["actions"], "code") == {"refer_accommodation"}
    assert entry["next_appointment"] == {
        **entry["next_appointment"],
        "date": "2026-05-21",
        "time": "10:00",
    }


def test_dictated_note_evidence_points_into_what_was_said(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "erm office visit with owen nye today full stop he tested positive for canabis "
        "comma says he smokes most nights full stop next appointment the twenty first at half two"
    )
    entry = extract(extractor, caseload, text)
    assert entry["person"]["crn"] == "R781166"
    assert entry["drug_test"]["result"] == "positive"
    assert entry["drug_test"]["substances"] == ["cannabis"]
    cannabis = [s for s in entry["substances"] if s["name"] == "cannabis"]
    assert cannabis[0]["status"] == "current"
    ev = cannabis[0]["evidence"]
    assert text[ev["start"] : ev["end"]] == ev["text"] == "canabis"
    assert entry["next_appointment"]["date"] == "2026-05-21"
    assert entry["next_appointment"]["time"] == "14:30"


@pytest.mark.parametrize(
    ("sentence", "name", "status"),
    [
        ("He denies using heroin.", "heroin", "negated"),
        ("She used to smoke crack but stopped in 2021.", "crack_cocaine", "historical"),
        ("His girlfriend uses cocaine at weekends.", "cocaine", "other_person"),
        ("He admits using heroine again since Friday.", "heroin", "current"),
        ("He has never used spice.", "spice", "negated"),
    ],
)
def test_substance_status(extractor, caseload, sentence: str, name: str, status: str) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Home visit to Grant Dempsey. {sentence}")
    assert {(s["name"], s["status"]) for s in entry["substances"]} == {(name, status)}


def test_street_names_need_a_drug_cue(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    entry = extract(
        extractor,
        caseload,
        "Mark Fletcher came in wearing a brown coat. Said the "
        "weather has been grass-cutting weather. He admits smoking brown daily.",
    )
    assert [(s["name"], s["status"]) for s in entry["substances"]] == [("heroin", "current")]


def test_missed_appointment_is_the_contact(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Tanya Lomax did not attend her office appointment on Tuesday at 2pm. She rang "
        "today to say she forgot. Absence deemed unacceptable and a first warning letter "
        "has been issued. Rebooked for Monday 18 May at 11am."
    )
    entry = extract(extractor, caseload, text, ref="2026-05-14")
    contact = entry["contact"]
    assert (contact["date"], contact["start_time"]) == ("2026-05-12", "14:00")
    assert contact["type"] == "office_visit"
    assert contact["outcome"] == "unacceptable_absence"
    assert entry["enforcement"] == "warning_letter"
    assert entry["next_appointment"]["date"] == "2026-05-18"


def test_enforcement_only_when_decided_now(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "OV - Aaron ATTC. Reminded him that a further absence will lead to breach action. "
        "He had a warning letter in March."
    )
    assert extract(extractor, caseload, text)["enforcement"] == "none"


def test_ambiguous_name_is_never_guessed(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, "Mr Patel attended the office and engaged well.")
    assert entry["person"]["crn"] is None
    assert {c["crn"] for c in entry["person"]["candidates"]} >= {"P590231", "P594417"}


def test_flags_with_context(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Video call with Lorraine Tait. She says her mental health has deteriorated and "
        "she stopped taking her medication last week. She denies any thoughts of suicide. "
        "No domestic abuse concerns. Her brother was arrested on Sunday."
    )
    entry = extract(extractor, caseload, text)
    flags = {(f["code"], f["status"]) for f in entry["risk_flags"]}
    assert ("mental_health", "present") in flags
    assert ("self_harm", "negated") in flags
    assert ("domestic_abuse", "negated") in flags
    assert ("new_offence", "other_person") in flags
    assert not {c for c, s in flags if s == "present"} - {"mental_health"}
    assert "health_wellbeing" in codes(entry["needs"], "area", "need")
    assert entry["contact"]["type"] == "video"


def test_sections_and_summary_come_from_the_note(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Stephen Kearney attended the office. He has lost his job at the bakery and is "
        "looking for work. I referred him to the employment hub."
    )
    entry = extract(extractor, caseload, text)
    section = entry["sections"]["employment_education"]
    assert "current area of need" in section
    assert "lost his job at the bakery" in section
    assert "Stephen Kearney" in entry["summary"]
    assert set(entry["sections"]) == codes(entry["needs"], "area")


@pytest.mark.parametrize(
    ("text", "error"),
    [("", EmptyNote), ("   \n\t ", EmptyNote), ("x" * 12_001, NoteTooLong), (None, NlpError)],
)
def test_bad_notes_are_refused_clearly(extractor, text, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as info:
        extractor.extract(text, "2026-05-14")
    assert str(info.value)


def test_note_without_anyone_named(extractor, caseload) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, "Telephone contact completed. Nothing new to report.")
    assert entry["person"] is None
    assert entry["contact"]["type"] == "telephone"


@pytest.mark.parametrize(
    ("text", "late"),
    [
        ("OV with Owen Nye, he was 20 mins late.", 20),
        ("Owen Nye came to the office twenty five minutes late, bus again.", 25),
        ("Office appt - booked for 2, arrived 2.35, Owen apologised.", 35),
        ("OV - Owen Nye arr 10:25 for 10:00 appt. ATTC.", 25),
        ("owen nye office visit he was booked for nine but didn't come in till twenty past", 20),
        ("Owen Nye attended the office half an hour late.", 30),
        ("Owen Nye attended the office on time.", None),
        ("Owen Nye attended the office. He is often late for work.", None),
    ],
)
def test_lateness(extractor, caseload, text: str, late: int | None) -> None:  # type: ignore[no-untyped-def]
    assert extract(extractor, caseload, text)["contact"]["late_minutes"] == late


@pytest.mark.parametrize(
    ("closing", "date", "time"),
    [
        ("See you Thursday at 2 in the office.", "2026-05-21", "14:00"),
        ("Video call again on the 28th, 10am.", "2026-05-28", "10:00"),
        ("He has court on Monday 18 May.", None, None),
        ("She will ring the GP on Friday.", None, None),
    ],
)
def test_closing_sentence_is_the_next_appointment(  # type: ignore[no-untyped-def]
    extractor, caseload, closing: str, date: str | None, time: str | None
) -> None:
    text = f"Office visit with Owen Nye. He is well and working. {closing}"
    nxt = extract(extractor, caseload, text, ref="2026-05-14")["next_appointment"]
    assert (nxt or {}).get("date") == date
    assert (nxt or {}).get("time") == time


@pytest.mark.parametrize(
    ("text", "key", "name", "status"),
    [
        (
            "She told me her son was arrested at the weekend for possession of cannabis.",
            "sub",
            "cannabis",
            "other_person",
        ),
        ("Partner mentioned she smokes cannabis most evenings.", "sub", "cannabis", "other_person"),
        (
            "He told me his younger brother tested positive for cocaine at work.",
            "sub",
            "cocaine",
            "other_person",
        ),
        (
            "He said a cousin was stopped by police with a knife and has since been charged.",
            "flag",
            "weapons",
            "other_person",
        ),
        ("He admits using heroin and his partner uses cocaine.", "sub", "heroin", "current"),
        (
            "As the children live with her, I made a MASH referral today.",
            "flag",
            "child_safeguarding",
            "present",
        ),
        (
            "Children's services are involved with his son and a MASH referral was made.",
            "flag",
            "child_safeguarding",
            "present",
        ),
    ],
)
def test_someone_elses_clause(extractor, caseload, text, key, name, status) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Office visit with Owen Nye. {text}")
    found = {
        (i["name"] if key == "sub" else i["code"], i["status"])
        for i in entry["substances" if key == "sub" else "risk_flags"]
    }
    assert (name, status) in found
    if status != "present" and status != "current":
        assert (name, "current" if key == "sub" else "present") not in found


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        (
            "I asked about self-harm and she said there have been no incidents since March.",
            "negated",
        ),
        ("SH: nil.", "negated"),
        ("PoP denies SH/SI.", "negated"),
        ("She told me she has been having thoughts of ending her life.", "present"),
    ],
)
def test_self_harm_questions_and_shorthand(extractor, caseload, sentence, status) -> None:  # type: ignore[no-untyped-def]
    entry = extract(extractor, caseload, f"Office visit with Owen Nye. {sentence}")
    assert {(f["code"], f["status"]) for f in entry["risk_flags"]} == {("self_harm", status)}
