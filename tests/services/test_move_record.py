"""Moving an entry to another person rewrites the record with that person's name and CRN."""

from __future__ import annotations

from datetime import date

from assistant import services

DAY = date(2026, 11, 20)
NOTE = "Office visit, attended on time, rent paid up."


async def test_a_moved_entry_names_its_new_person_and_stays_machine_written(app, user) -> None:
    olivia = user("olivia")
    entry = (await services.create_note(app, olivia, "X100001", NOTE, DAY, None, "web")).entry
    assert "(X100001)" in entry.data["summary"]
    moved, person = await services.move_person(app, olivia, entry.id, "X100002", 1, "web")
    summary = moved.data["summary"]
    assert f"{person.name} (X100002)" in summary and "X100001" not in summary
    assert not moved.data.get("summary_by_officer")
    # A later correction rebuilds it as the machine's record, not the officer's own wording.
    change = services.field_change("outcome", "failed_to_attend")
    done = await services.correct(app, olivia, entry.id, [change], moved.current_version, "web")
    assert not done.entry.data.get("summary_by_officer")
    assert "Failed to attend" in done.entry.data["summary"]
