"""correct(): typed changes, one version check and one merge rule for every channel."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import services
from assistant.fields import FIELDS, FieldError
from assistant.services import EditConflict, FieldChange
from storage import entries
from storage.errors import NotFound

DAY = date(2026, 11, 20)
NOTE = "Home visit, attended, all fine."


@pytest.fixture
async def entry(app, user):
    return (
        await services.create_note(app, user("olivia"), "X100001", NOTE, DAY, None, "web")
    ).entry


def outcome(value: str) -> FieldChange:
    return services.field_change("outcome", value)


async def test_a_change_set_is_one_new_version_with_descriptions(app, user, db, entry) -> None:
    changes = [outcome("failed_to_attend"), services.field_change("location", " Mill Road ")]
    done = await services.correct(app, user("olivia"), entry.id, changes, 1, "web")
    assert done.entry.current_version == 2
    assert done.entry.data["contact"]["outcome"] == "failed_to_attend"
    assert done.entry.data["contact"]["location"] == "Mill Road"
    assert done.descriptions == [
        "Changed outcome to Failed to attend",
        "Changed location to Mill Road",
    ]
    [_, second] = entries.versions(db, user("olivia"), entry.id)
    assert second.reason == "web" and second.user_id == user("olivia").id


async def test_changes_that_change_nothing_save_nothing(app, user, entry) -> None:
    done = await services.correct(
        app, user("olivia"), entry.id, [outcome("attended_complied")], 1, "api"
    )
    assert (done.applied, done.entry.current_version) == ([], 1)


async def test_a_stale_base_is_merged_when_the_field_is_untouched(app, user, entry) -> None:
    olivia = user("olivia")
    await services.correct(
        app, olivia, entry.id, [services.field_change("location", "Park")], 1, "web"
    )
    done = await services.correct(app, olivia, entry.id, [outcome("rescheduled")], 1, "teams")
    assert done.entry.current_version == 3
    assert done.entry.data["contact"]["location"] == "Park"  # the other change is kept
    assert done.entry.data["contact"]["outcome"] == "rescheduled"


async def test_a_real_conflict_saves_nothing_and_names_who(app, user, db, entry) -> None:
    sue = user("sue")
    await services.correct(app, sue, entry.id, [outcome("failed_to_attend")], 1, "web")
    with pytest.raises(EditConflict) as caught:
        await services.correct(app, user("olivia"), entry.id, [outcome("rescheduled")], 1, "api")
    conflict = caught.value
    assert str(conflict) == "sue changed outcome after you opened this page."
    assert (conflict.who, conflict.current_version) == ("sue", 2)
    assert conflict.entry.data["contact"]["outcome"] == "failed_to_attend"
    assert entries.get_entry_for(db, sue, entry.id).current_version == 2


async def test_my_own_change_elsewhere_is_named_as_mine(app, user, entry) -> None:
    olivia = user("olivia")
    await services.correct(app, olivia, entry.id, [outcome("failed_to_attend")], 1, "web")
    with pytest.raises(EditConflict, match="^You changed outcome in another window"):
        await services.correct(app, olivia, entry.id, [outcome("rescheduled")], 1, "web")


async def test_one_conflicting_change_stops_the_whole_set(app, user, db, entry) -> None:
    olivia = user("olivia")
    await services.correct(app, user("sue"), entry.id, [outcome("failed_to_attend")], 1, "web")
    both = [services.field_change("location", "Park"), outcome("rescheduled")]
    with pytest.raises(EditConflict):
        await services.correct(app, olivia, entry.id, both, 1, "web")
    assert entries.get_entry_for(db, olivia, entry.id).data["contact"]["location"] is None


async def test_a_base_version_that_never_existed_is_a_conflict(app, user, entry) -> None:
    with pytest.raises(EditConflict):
        await services.correct(app, user("olivia"), entry.id, [outcome("rescheduled")], 9, "api")


async def test_replacing_the_data_conflicts_with_any_change_since(app, user, entry) -> None:
    olivia = user("olivia")
    replace = services.ReplaceData({**entry.data, "summary": "Replaced."})
    await services.correct(
        app, olivia, entry.id, [services.field_change("location", "Park")], 1, "web"
    )
    with pytest.raises(EditConflict):
        await services.correct(app, olivia, entry.id, [replace], 1, "api")
    with pytest.raises(FieldError, match="case-entry/1"):
        await services.correct(app, olivia, entry.id, [services.ReplaceData({"a": 1})], 2, "api")


async def test_a_new_kind_of_change_needs_only_the_protocol(app, user, entry) -> None:
    """The extension point: any object with key, label, description, touched and apply."""

    class AddFlag:
        key, label, description = "risk_flags", "risk flags", "Added the Weapons flag"

        def touched(self, data):
            return data.get("risk_flags")

        def apply(self, data):
            return {**data, "risk_flags": [*data["risk_flags"], {"flag": "weapons"}]}

    done = await services.correct(app, user("olivia"), entry.id, [AddFlag()], 1, "web")
    assert done.entry.data["risk_flags"] == [{"flag": "weapons"}]
    assert done.descriptions == ["Added the Weapons flag"]


def test_unknown_fields_and_bad_values_are_refused_in_words() -> None:
    with pytest.raises(FieldError, match="unknown field 'mood'"):
        services.field_change("mood", "fine")
    with pytest.raises(FieldError, match="Select a outcome"):
        services.field_change("outcome", "happy")
    assert services.field_change("next_appointment_date", "2026-12-01").field is FIELDS["next_date"]


def test_a_form_counts_only_inputs_that_differ_from_what_it_showed() -> None:
    shown = {"contact": {"outcome": "attended_complied", "location": "Office "}}
    changes, errors = services.form_changes(
        shown, {"outcome": "attended_complied", "location": "Office", "start_time": "9:05"}
    )
    assert ([c.key for c in changes], errors) == (["start_time"], {})
    assert services.form_changes(shown, {"outcome": "??"})[1] == {"outcome": "Select a outcome"}


async def test_someone_elses_entry_is_not_found(app, user, entry) -> None:
    with pytest.raises(NotFound):
        await services.correct(app, user("oscar"), entry.id, [outcome("rescheduled")], 1, "web")
