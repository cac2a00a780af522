"""Historical entries from a backfill: stored once per note, attached by CRN, read-only, seen
under the usual access rules, and the source of each person's section drafts."""

from __future__ import annotations

from typing import Any

import pytest
from storage_helpers import CRN_A1, CRN_A2, CRN_B, NOW, World, make_entry

from storage import entries, sections
from storage.errors import Forbidden, InvalidTransition, NotFound
from storage.historical import history_for, rebuild_history_sections, store_historical


def note(note_id: str, crn: str, day: str, text: str) -> dict[str, Any]:
    """A batch item as the backfill reads it."""
    return {"id": note_id, "crn": crn, "reference_date": day, "text": text}


def result(note_id: str, day: str, **areas: str) -> dict[str, Any]:
    """An extraction result line for a note, with section text per area."""
    return {
        "id": note_id,
        "schema": "case-entry/1",
        "reference_date": day,
        "contact": {"date": day, "type": "office_visit"},
        "sections": dict(areas),
    }


def backfill(world: World) -> None:
    """Three notes for A1 over three years, one for A2, one for nobody we know, one error."""
    items = [
        note("h1", CRN_A1, "2021-02-01", "He lost his flat."),
        note("h2", CRN_A1.lower(), "2023-06-01", "He has a council flat now."),
        note("h3", CRN_A1, "2022-03-01", "Still in the hostel."),
        note("h4", CRN_A2, "2022-01-01", "Started work."),
        note("h5", "Z999999", "2022-01-01", "Not on this caseload."),
        note("h6", CRN_A1, "2022-01-01", ""),
    ]
    results = [
        result("h1", "2021-02-01", accommodation="Evicted from his flat. No fixed address."),
        result("h2", "2023-06-01", accommodation="Holds a council tenancy."),
        result("h3", "2022-03-01", accommodation="Living in a hostel. No fixed address."),
        result("h4", "2022-01-01", employment="Started warehouse work."),
        result("h5", "2022-01-01", accommodation="Someone else's flat."),
        {"id": "h6", "error": "the note is empty"},
    ]
    counts = store_historical(world.db, items, results, now=NOW)
    assert counts == {"stored": 4, "unattached": 1, "errors": 1}


def test_each_note_is_stored_once_as_a_historical_entry_of_its_person(world: World) -> None:
    backfill(world)
    history = history_for(world.db, world.officer_a1, CRN_A1)
    assert [e.source_id for e in history] == ["h2", "h3", "h1"]  # newest contact first
    assert {e.status for e in history} == {"historical"}
    assert history[0].note_text == "He has a council flat now."
    assert history[0].data is not None and "id" not in history[0].data

    again = store_historical(
        world.db,
        [note("h1", CRN_A1, "2021-02-01", "He lost his flat.")],
        [result("h1", "2021-02-01", accommodation="Evicted.")],
        now=NOW,
    )
    assert again == {"already": 1}
    assert len(history_for(world.db, world.officer_a1, CRN_A1)) == 3


def test_historical_entries_are_never_drafts_to_review_and_never_change(world: World) -> None:
    backfill(world)
    make_entry(world.db, world.officer_a1, CRN_A1, "submitted")
    assert all(e.status == "draft" for e in entries.list_drafts(world.db, world.officer_a1))
    queue = entries.review_queue(world.db, world.supervisor_a)
    assert [e.status for e in queue] == ["submitted"]
    old = history_for(world.db, world.officer_a1, CRN_A1)[0]
    with pytest.raises(Forbidden, match="historical"):
        entries.update_entry(world.db, world.officer_a1, old.id, {"sections": {}}, 1, now=NOW)
    with pytest.raises(InvalidTransition):
        entries.submit(world.db, world.officer_a1, old.id, now=NOW)
    assert entries.status_counts(world.db, world.supervisor_a)["historical"] == 4


def test_history_follows_the_access_rules_of_its_person(world: World) -> None:
    backfill(world)
    assert len(history_for(world.db, world.supervisor_a, CRN_A1)) == 3
    for outsider in (world.officer_a2, world.officer_b, world.supervisor_b, world.admin):
        with pytest.raises(NotFound):
            history_for(world.db, outsider, CRN_A1)
    old = history_for(world.db, world.officer_a1, CRN_A1)[0]
    with pytest.raises(NotFound):
        entries.get_entry_for(world.db, world.officer_b, old.id)
    assert history_for(world.db, world.officer_b, CRN_B) == []


def test_sections_are_rebuilt_from_the_whole_history_newest_first_citing_own_notes(
    world: World,
) -> None:
    backfill(world)
    assert rebuild_history_sections(world.db, now=NOW) == 2
    drafts = {d.area: d for d in sections.get_sections_for(world.db, world.officer_a1, CRN_A1)}
    accommodation = drafts["accommodation"]
    assert [s.text for s in accommodation.sentences] == [
        "Holds a council tenancy.",
        "Living in a hostel.",
        "No fixed address.",  # said again in 2021; kept once, from the newer note
        "Evicted from his flat.",
    ]
    by_id = {e.id: e for e in history_for(world.db, world.officer_a1, CRN_A1)}
    cited = [by_id[s.entry_id].source_id for s in accommodation.sentences]
    assert cited == ["h2", "h3", "h3", "h1"]  # every sentence traces to a note of this person
    assert "employment" not in drafts
