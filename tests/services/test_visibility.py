"""The one rule for what a reply may show where it goes."""

from __future__ import annotations

import pytest

from assistant.services import visibility


@pytest.mark.parametrize(
    ("channel", "kind", "expected"),
    [
        ("web", None, visibility.PRIVATE),
        ("api", None, visibility.PRIVATE),
        ("teams", "personal", visibility.PRIVATE),
        ("teams", "channel", visibility.SHARED),
        ("teams", "groupChat", visibility.SHARED),
        ("teams", None, visibility.SHARED),  # not said: assume others read it
        ("webhook", "personal", visibility.SHARED),  # outgoing webhooks live in channels
    ],
)
def test_who_reads_a_reply(channel, kind, expected) -> None:
    assert visibility.audience(channel, kind) == expected
    assert visibility.shows_detail(expected) is (expected == visibility.PRIVATE)


@pytest.mark.parametrize(
    ("kind", "payload", "text"),
    [
        ("entry", {"entry_id": 7}, "Here is the entry for Sam Reed."),
        ("choose_person", {"candidates": [{"crn": "X1", "name": "Sam Reed"}]}, "“Sam Reed”?"),
        ("case", {"crn": "X100001"}, "Here is the record for X100001."),
        ("person", {"crn": "X100001"}, "New contact for X100001."),
        ("something new", {}, "Sam Reed X100001"),
    ],
)
def test_a_brief_never_repeats_words_that_may_name_someone(kind, payload, text) -> None:
    shown = visibility.brief(kind, payload, text)
    assert "Sam" not in shown.text and "X100001" not in shown.text
    assert "X100001" not in shown.path


def test_a_brief_keeps_counts_and_links_to_the_officers_own_page() -> None:
    drafts = visibility.brief("drafts", {"entry_ids": [1, 2]}, "You have 2 entries.")
    assert (drafts.text, drafts.path) == ("You have 2 entries.", "/drafts")
    entry = visibility.brief("entry", {"entry_id": 7, "stale": True}, "")
    assert entry.path == "/entries/7" and entry.text.startswith("Nothing was saved")
