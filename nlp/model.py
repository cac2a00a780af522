"""The case entry as plain dataclasses whose to_json() is contract case-entry/1."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "case-entry/1"

CONTACT_TYPES = (
    "office_visit",
    "home_visit",
    "telephone",
    "video",
    "text_or_email",
    "other_face_to_face",
)
OUTCOMES = (
    "attended_complied",
    "attended_failed_to_comply",
    "failed_to_attend",
    "acceptable_absence",
    "unacceptable_absence",
    "rescheduled",
)
ENFORCEMENTS = ("none", "warning_letter", "breach", "recall")
NEED_AREAS = (
    "accommodation",
    "employment_education",
    "finance",
    "drug_use",
    "alcohol_use",
    "health_wellbeing",
    "relationships_community",
    "thinking_behaviours_attitudes",
)
NEED_STATUSES = ("need", "no_need", "strength", "unknown")
FLAG_CODES = (
    "domestic_abuse",
    "child_safeguarding",
    "self_harm",
    "weapons",
    "new_offence",
    "risk_to_staff",
    "mental_health",
    "condition_breach",
)
SUBSTANCES = (
    "heroin",
    "crack_cocaine",
    "cocaine",
    "cannabis",
    "spice",
    "amphetamine",
    "methamphetamine",
    "benzodiazepines",
    "ketamine",
    "mdma",
    "pregabalin",
    "gabapentin",
    "nitrous_oxide",
    "illicit_methadone",
    "other",
)
ACTION_CODES = (
    "refer_accommodation",
    "refer_substance_misuse",
    "refer_employment",
    "refer_mental_health",
    "refer_finance",
    "safeguarding_referral",
    "police_liaison",
)
DRUG_TEST_RESULTS = ("negative", "positive", "refused", "not_provided")


@dataclass(frozen=True)
class Evidence:
    """Words of the note, with character offsets into the text the officer wrote."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        """The contract's EVIDENCE object."""
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Contact:
    """When, how and with what outcome the contact took place."""

    date: str | None = None
    start_time: str | None = None
    duration_minutes: int | None = None
    type: str | None = None
    outcome: str | None = None
    late_minutes: int | None = None
    location: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)
    """Per field, the words that set it (an addition to the contract)."""

    def to_json(self) -> dict[str, Any]:
        """The contract's contact object, with an `evidence` map added."""
        return {
            "date": self.date,
            "start_time": self.start_time,
            "duration_minutes": self.duration_minutes,
            "type": self.type,
            "outcome": self.outcome,
            "late_minutes": self.late_minutes,
            "location": self.location,
            "evidence": {k: v.to_json() for k, v in self.evidence.items()},
        }


@dataclass(frozen=True)
class NextAppointment:
    """The next appointment with probation."""

    date: str | None
    time: str | None
    type: str | None
    evidence: Evidence | None = None
    # Something the officer should check before trusting the date ("Thurs 14th" in a month
    # whose 14th is a Monday); an added field, absent when there is nothing to check.
    check: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's next_appointment object."""
        out: dict[str, Any] = {"date": self.date, "time": self.time, "type": self.type}
        if self.evidence:
            out["evidence"] = self.evidence.to_json()
        if self.check:
            out["check"] = self.check
        return out


@dataclass(frozen=True)
class DrugTest:
    """A drug test taken (or refused) in this contact."""

    result: str
    substances: tuple[str, ...] = ()
    evidence: Evidence | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract's drug_test object."""
        out: dict[str, Any] = {"result": self.result, "substances": list(self.substances)}
        if self.evidence:
            out["evidence"] = self.evidence.to_json()
        return out


@dataclass(frozen=True)
class Substance:
    """A substance mention with its ConText status."""

    name: str
    status: str
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        """The contract's substance object."""
        return {"name": self.name, "status": self.status, "evidence": self.evidence.to_json()}


@dataclass(frozen=True)
class Need:
    """A need area discussed in the contact."""

    area: str
    status: str
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        """The contract's need object."""
        return {
            "area": self.area,
            "status": self.status,
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class RiskFlag:
    """A risk flag mention with its ConText status."""

    code: str
    status: str
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        """The contract's risk flag object."""
        return {"code": self.code, "status": self.status, "evidence": self.evidence.to_json()}


@dataclass(frozen=True)
class Action:
    """Something done or agreed in this contact."""

    code: str
    owner: str | None
    due: str | None
    evidence: Evidence

    def to_json(self) -> dict[str, Any]:
        """The contract's action object."""
        return {
            "code": self.code,
            "owner": self.owner,
            "due": self.due,
            "evidence": self.evidence.to_json(),
        }


@dataclass(frozen=True)
class CaseEntry:
    """Everything extracted from one contact note."""

    reference_date: str
    person: dict[str, Any] | None
    contact: Contact
    next_appointment: NextAppointment | None
    drug_test: DrugTest | None
    substances: tuple[Substance, ...]
    needs: tuple[Need, ...]
    risk_flags: tuple[RiskFlag, ...]
    actions: tuple[Action, ...]
    enforcement: str
    enforcement_evidence: Evidence | None
    sections: dict[str, str]
    summary: str

    def to_json(self) -> dict[str, Any]:
        """The entry as contract case-entry/1 (plus `enforcement_evidence`)."""
        return {
            "schema": SCHEMA,
            "reference_date": self.reference_date,
            "person": self.person,
            "contact": self.contact.to_json(),
            "next_appointment": self.next_appointment.to_json() if self.next_appointment else None,
            "drug_test": self.drug_test.to_json() if self.drug_test else None,
            "substances": [s.to_json() for s in self.substances],
            "needs": [n.to_json() for n in self.needs],
            "risk_flags": [f.to_json() for f in self.risk_flags],
            "actions": [a.to_json() for a in self.actions],
            "enforcement": self.enforcement,
            "enforcement_evidence": (
                self.enforcement_evidence.to_json() if self.enforcement_evidence else None
            ),
            "sections": dict(self.sections),
            "summary": self.summary,
        }
