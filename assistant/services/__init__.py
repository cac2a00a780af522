"""One way to create, correct, submit, review, read, search and list entries, for every
channel (web pages, the JSON API, chat, Teams).

Channels are thin adapters: they parse what was sent (`parse_number`), call one of these,
and present the result. `via` names the channel in audit rows. See docs/services.md.
"""

from assistant.services.changes import (
    Change,
    FieldChange,
    ReplaceData,
    field_change,
    form_changes,
)
from assistant.services.correct import Correction, EditConflict, correct, last_changed_by
from assistant.services.drafts import discard, move_person, same_draft
from assistant.services.ids import parse_number, require_id
from assistant.services.reads import (
    entry_to_change,
    entry_versions,
    list_drafts,
    list_drafts_named,
    list_entries,
    read_case,
    read_case_page,
    read_entry,
    read_entry_page,
    read_person,
    review_queue,
    search_notes,
    shown_entries,
)
from assistant.services.records import (
    Recorded,
    check_text,
    confirm,
    create_note,
    extract_into,
    store_note,
)
from assistant.services.review import ReviewError, check_decision, review, submit

__all__ = [
    "Change",
    "Correction",
    "EditConflict",
    "FieldChange",
    "Recorded",
    "ReplaceData",
    "ReviewError",
    "check_decision",
    "check_text",
    "confirm",
    "correct",
    "create_note",
    "discard",
    "entry_to_change",
    "entry_versions",
    "extract_into",
    "field_change",
    "form_changes",
    "last_changed_by",
    "list_drafts",
    "list_drafts_named",
    "list_entries",
    "move_person",
    "parse_number",
    "read_case",
    "read_case_page",
    "read_entry",
    "read_entry_page",
    "read_person",
    "require_id",
    "review",
    "review_queue",
    "same_draft",
    "search_notes",
    "shown_entries",
    "store_note",
    "submit",
]
