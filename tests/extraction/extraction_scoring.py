"""The shared evaluation's measures, for the project's own labelled notes.

Per note, the scalar fields are compared exactly and the list fields as sets; the composite
is the mean of the scalar accuracies, the list micro-F1s and the share of negated, historical
or other-person mentions that are not reported as present.
"""

from __future__ import annotations

from typing import Any

from assistant.labels import SCALARS, SETS, flatten

__all__ = ["SCALARS", "SETS", "composite", "flatten"]


def composite(notes: list[dict], entries: dict[str, dict]) -> tuple[float, dict[str, Any]]:
    """The composite score and its parts, with the notes that needed a correction."""
    right = dict.fromkeys(SCALARS, 0)
    counts = {k: [0, 0, 0] for k in SETS}
    trap_ok = trap_n = wrong_person = 0
    misses: dict[str, list[str]] = {}
    for note in notes:
        gold, got = note["gold"], flatten(entries[note["id"]])
        wrong_person += got["crn"] is not None and got["crn"] != gold["crn"]
        for k in SCALARS:
            expected = gold.get(k) if not (k == "enforcement" and gold.get(k) is None) else "none"
            if expected == got[k]:
                right[k] += 1
            else:
                misses.setdefault(note["id"], []).append(k)
        for k in SETS:
            g, o = set(gold.get(k) or []), got[k]
            counts[k][0] += len(g & o)
            counts[k][1] += len(o - g)
            counts[k][2] += len(g - o)
            if g != o:
                misses.setdefault(note["id"], []).append(k)
        for item in gold.get("flags_other_status") or []:
            trap_n += 1
            trap_ok += item["code"] not in got["flags_present"]
        for item in gold.get("substances_other_status") or []:
            trap_n += 1
            trap_ok += item["name"] not in got["substances_current"]
    parts: dict[str, Any] = {k: right[k] / len(notes) for k in SCALARS}
    for k, (tp, fp, fn) in counts.items():
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        parts[k] = 2 * p * r / (p + r) if p + r else 0.0
    parts["context_not_asserted"] = trap_ok / trap_n if trap_n else 1.0
    score = sum(parts.values()) / len(parts)
    parts["crn_wrong_person"] = wrong_person
    parts["_misses"] = misses
    return score, parts
