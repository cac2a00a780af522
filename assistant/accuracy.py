"""How often officers corrected the machine's reading: one pure comparison, no storage.

An entry counts once its final version is approved by a supervisor (status `approved`):
drafts, submitted, returned and historical entries may still change or were never
reviewed. The machine's reading is the entry's stored first extraction; the final version is
the data the supervisor approved. Fields and cue families are compared in the labelled sets'
shape (`assistant.labels`), so a correction here is a miss in the evaluation's terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from assistant.labels import flatten

COUNTED_STATUSES = ("approved",)

# Report order and wording; keys are `assistant.labels` names. No note text ever appears.
FIELDS: dict[str, str] = {
    "crn": "Person",
    "contact_date": "Contact date",
    "contact_type": "Contact type",
    "outcome": "Outcome",
    "late_minutes": "Lateness",
    "next_date": "Next appointment date",
    "next_time": "Next appointment time",
    "drug_test": "Drug test",
    "enforcement": "Enforcement",
}
FAMILIES: dict[str, str] = {
    "needs_discussed": "Need areas discussed",
    "needs_need": "Need areas with a need",
    "flags_present": "Risk flags present",
    "substances_current": "Substances in current use",
    "actions": "Actions",
}


@dataclass(frozen=True)
class Difference:
    """What the officer changed in one entry: scalar fields, and codes added or removed."""

    fields: frozenset[str]
    added: dict[str, frozenset[str]]
    removed: dict[str, frozenset[str]]
    kept: dict[str, int]

    @property
    def corrected(self) -> frozenset[str]:
        """Every field or family the officer changed."""
        changed = {k for k in FAMILIES if self.added[k] or self.removed[k]}
        return self.fields | changed


def compare(machine: dict[str, Any], final: dict[str, Any]) -> Difference:
    """The officer's corrections to the machine's reading of one entry."""
    got, want = flatten(machine), flatten(final)
    return Difference(
        fields=frozenset(k for k in FIELDS if got[k] != want[k]),
        added={k: frozenset(map(str, want[k] - got[k])) for k in FAMILIES},
        removed={k: frozenset(map(str, got[k] - want[k])) for k in FAMILIES},
        kept={k: len(got[k] & want[k]) for k in FAMILIES},
    )


@dataclass(frozen=True)
class Row:
    """One line of the report: a field or family, how many entries had it corrected."""

    key: str
    label: str
    corrected: int
    reviewed: int
    added: int | None = None
    removed: int | None = None
    kept: int | None = None

    @property
    def rate(self) -> float:
        """Share of reviewed entries where this was corrected (0 when none were reviewed)."""
        return self.corrected / self.reviewed if self.reviewed else 0.0


@dataclass(frozen=True)
class Report:
    """Correction counts and rates over a set of reviewed entries."""

    reviewed: int
    corrected_entries: int
    fields: list[Row] = field(default_factory=list)
    families: list[Row] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-able data (counts and rates only)."""
        rows = {"fields": self.fields, "families": self.families}
        return {
            "counted_statuses": list(COUNTED_STATUSES),
            "reviewed": self.reviewed,
            "corrected_entries": self.corrected_entries,
            **{
                name: [
                    {k: v for k, v in vars(r).items() if v is not None} | {"rate": r.rate}
                    for r in part
                ]
                for name, part in rows.items()
            },
        }


def report(pairs: Iterable[tuple[dict[str, Any], dict[str, Any]]]) -> Report:
    """Tally the corrections over (machine reading, approved version) pairs."""
    diffs = [compare(machine, final) for machine, final in pairs]
    n = len(diffs)
    fields = [Row(k, label, sum(k in d.fields for d in diffs), n) for k, label in FIELDS.items()]
    families = [
        Row(
            k,
            label,
            sum(bool(d.added[k] or d.removed[k]) for d in diffs),
            n,
            added=sum(len(d.added[k]) for d in diffs),
            removed=sum(len(d.removed[k]) for d in diffs),
            kept=sum(d.kept[k] for d in diffs),
        )
        for k, label in FAMILIES.items()
    ]
    corrected = sum(bool(d.corrected) for d in diffs)
    return Report(n, corrected, fields, families)
