"""The entry fields an officer can check and correct: labels, kinds, and how to read/write them."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from nlp.govuk_dates import govuk_date

CONTACT_TYPE_LABELS = {
    "office_visit": "Office visit",
    "home_visit": "Home visit",
    "telephone": "Telephone",
    "video": "Video call",
    "text_or_email": "Text, email or letter",
    "other_face_to_face": "Face to face elsewhere",
}
OUTCOME_LABELS = {
    "attended_complied": "Attended – complied",
    "attended_failed_to_comply": "Attended – failed to comply",
    "failed_to_attend": "Failed to attend",
    "acceptable_absence": "Acceptable absence",
    "unacceptable_absence": "Unacceptable absence",
    "rescheduled": "Rescheduled",
}
ENFORCEMENT_LABELS = {
    "none": "No further action",
    "warning_letter": "Warning letter",
    "breach": "Breach",
    "recall": "Recall",
}
DRUG_TEST_LABELS = {
    "negative": "Negative",
    "positive": "Positive",
    "refused": "Refused",
    "not_provided": "Not provided",
}
NEED_LABELS = {
    "accommodation": "Accommodation",
    "employment_education": "Employment and education",
    "finance": "Finance",
    "drug_use": "Drug use",
    "alcohol_use": "Alcohol use",
    "health_wellbeing": "Health and wellbeing",
    "relationships_community": "Personal relationships and community",
    "thinking_behaviours_attitudes": "Thinking, behaviours and attitudes",
}
FLAG_LABELS = {
    "domestic_abuse": "Domestic abuse",
    "child_safeguarding": "Child safeguarding",
    "self_harm": "Self-harm",
    "weapons": "Weapons",
    "new_offence": "New offence",
    "risk_to_staff": "Risk to staff",
    "mental_health": "Mental health",
    "condition_breach": "Condition breach",
}
ACTION_LABELS = {
    "refer_accommodation": "Accommodation referral",
    "refer_substance_misuse": "Substance misuse referral",
    "refer_employment": "Employment referral",
    "refer_mental_health": "Mental health referral",
    "refer_finance": "Finance, benefits or ID referral",
    "safeguarding_referral": "Safeguarding referral",
    "police_liaison": "Police liaison",
}
STATUS_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "approved": "Approved",
    "returned": "Returned",
    "resubmitted": "Resubmitted",
    "historical": "Historical",
}
STATUS_TAG_CLASSES = {
    "draft": "govuk-tag--grey",
    "submitted": "govuk-tag--blue",
    "resubmitted": "govuk-tag--blue",
    "approved": "govuk-tag--green",
    "returned": "govuk-tag--orange",
    "historical": "govuk-tag--purple",
}

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class FieldError(ValueError):
    """A value the field does not accept; the message is for the officer."""


@dataclass(frozen=True)
class Field:
    """One correctable value of an entry, at `path` within the case entry JSON."""

    key: str
    label: str
    path: tuple[str, ...]
    kind: str  # choice | date | time | int | text | longtext
    choices: dict[str, str] | None = None
    hint: str = ""

    def get(self, data: dict[str, Any]) -> Any:
        """The current value, or None."""
        value: Any = data
        for part in self.path:
            if not isinstance(value, dict):
                return None
            value = value.get(part)
        return value

    def display(self, data: dict[str, Any]) -> str:
        """The value as an officer reads it."""
        value = self.get(data)
        if value is None or value == "":
            return "Not recorded"
        if self.choices:
            return self.choices.get(value, str(value))
        if self.kind in ("date", "time"):
            return govuk_date(value)  # "7 December 2026", "2:30pm"
        if self.key in ("duration_minutes", "late_minutes"):
            return f"{value} minutes"
        return str(value)

    def parse(self, raw: Any) -> Any:
        """The stored value for what was typed or sent; raises FieldError."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        text = str(raw).strip()
        if self.choices is not None:
            if text not in self.choices:
                raise FieldError(f"Select a {self.label.lower()}")
            return text
        if self.kind == "date":
            try:
                return date.fromisoformat(text).isoformat()
            except ValueError:
                raise FieldError(f"{self.label} must be a real date, like 2026-11-21") from None
        if self.kind == "time":
            m = _TIME.match(text)
            if not m:
                raise FieldError(f"{self.label} must be a 24-hour time, like 14:30")
            return f"{int(m[1]):02d}:{m[2]}"
        if self.kind == "int":
            if not text.isdecimal() or int(text) > 24 * 60:
                raise FieldError(f"{self.label} must be a whole number of minutes")
            return int(text)
        limit = 12_000 if self.kind == "longtext" else 200
        if len(text) > limit:
            raise FieldError(f"{self.label} must be {limit:,} characters or fewer")
        return text

    def set(self, data: dict[str, Any], value: Any) -> dict[str, Any]:
        """A copy of the entry JSON with this field set."""
        out = copy.deepcopy(data)
        target = out
        for part in self.path[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
                if part == "next_appointment":
                    target[part] = {"date": None, "time": None, "type": None}
            target = target[part]
        target[self.path[-1]] = value
        if self.path == ("next_appointment", "date"):
            target.pop("check", None)  # the officer has given the date: nothing left to check
        if self.path[0] == "next_appointment" and not any(
            out["next_appointment"].get(k) for k in ("date", "time", "type")
        ):
            out["next_appointment"] = None
        return out


FIELDS: dict[str, Field] = {
    f.key: f
    for f in (
        Field("contact_date", "Date of contact", ("contact", "date"), "date"),
        Field("start_time", "Start time", ("contact", "start_time"), "time"),
        Field(
            "duration_minutes", "Length", ("contact", "duration_minutes"), "int", hint="In minutes"
        ),
        Field("contact_type", "Contact type", ("contact", "type"), "choice", CONTACT_TYPE_LABELS),
        Field("outcome", "Outcome", ("contact", "outcome"), "choice", OUTCOME_LABELS),
        Field("late_minutes", "Minutes late", ("contact", "late_minutes"), "int"),
        Field("location", "Location", ("contact", "location"), "text"),
        Field("next_date", "Next appointment date", ("next_appointment", "date"), "date"),
        Field("next_time", "Next appointment time", ("next_appointment", "time"), "time"),
        Field(
            "next_type",
            "Next appointment type",
            ("next_appointment", "type"),
            "choice",
            CONTACT_TYPE_LABELS,
        ),
        Field("drug_test", "Drug test", ("drug_test", "result"), "choice", DRUG_TEST_LABELS),
        Field("enforcement", "Enforcement", ("enforcement",), "choice", ENFORCEMENT_LABELS),
        Field("summary", "Contact record", ("summary",), "longtext"),
    )
}

# Field names the chat interpreter may use, mapped to ours.
ALIASES = {
    "date": "contact_date",
    "contact_date": "contact_date",
    "time": "start_time",
    "type": "contact_type",
    "contact_type": "contact_type",
    "duration": "duration_minutes",
    "late": "late_minutes",
    "next_appointment_date": "next_date",
    "next_appointment_time": "next_time",
    "next_appointment_type": "next_type",
    "drug_test_result": "drug_test",
}


def field_for(name: str) -> Field | None:
    """The field an interpreter or API name refers to, if any."""
    return FIELDS.get(name) or FIELDS.get(ALIASES.get(name, ""))


def apply_chat_slots(data: dict[str, Any], slots: dict[str, Any]) -> tuple[dict, list[str]]:
    """The entry JSON with a set_field interpretation applied, and the fields changed."""
    name = str(slots.get("field") or "")
    if name == "next_appointment":
        changed: list[str] = []
        for key, slot in (("next_date", "date"), ("next_time", "time"), ("next_type", "type")):
            if slots.get(slot):
                data = FIELDS[key].set(data, FIELDS[key].parse(slots[slot]))
                changed.append(key)
        if not changed:
            raise FieldError("Say when the next appointment is, like “next appt friday 10am”")
        return data, changed
    fld = field_for(name)
    if fld is None:
        raise FieldError("I could not tell which part of the entry to change")
    return fld.set(data, fld.parse(slots.get("value"))), [fld.key]


def uk_date(value: str | None) -> str:
    """An ISO date as "21 November 2026" (GOV.UK style; nlp.govuk_dates decides the form)."""
    return govuk_date(value)
