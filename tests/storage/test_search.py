"""Full-text search: finds visible notes only, and any query text is safe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlite_utils import Database
from storage_helpers import CRN_A1, CRN_A2, CRN_B, NOW, World, extraction

from storage import accounts, entries, search
from storage.db import memory_db
from storage.errors import NotFound
from storage.models import SearchHit
from storage.people import upsert_person


@pytest.fixture
def notes(world: World) -> dict[str, int]:
    def add(user_name: str, crn: str, text: str, day: str) -> int:
        user = world.user(user_name)
        return entries.create_draft(world.db, user, crn, text, day, now=NOW).id

    return {
        "housing": add(
            "officer_a1", CRN_A1, "Discussed housing; he was evicted last week.", "2026-11-01"
        ),
        "heroin": add(
            "officer_a1", CRN_A1, "Admitted using heroin again. Drug test positive.", "2026-11-20"
        ),
        "other": add(
            "officer_a2", CRN_A2, "Evicted from the hostel, heroin relapse.", "2026-11-20"
        ),
        "team_b": add("officer_b", CRN_B, "Heroin use ongoing.", "2026-11-20"),
    }


def ids(hits: list[SearchHit]) -> set[int]:
    return {h.entry_id for h in hits}


def test_officer_finds_only_own_caseload(world: World, notes: dict[str, int]) -> None:
    assert ids(search.search_notes(world.db, world.officer_a1, "heroin")) == {notes["heroin"]}


def test_supervisor_finds_team_notes(world: World, notes: dict[str, int]) -> None:
    found = ids(search.search_notes(world.db, world.supervisor_a, "heroin"))
    assert found == {notes["heroin"], notes["other"]}


def test_admin_finds_nothing(world: World, notes: dict[str, int]) -> None:
    assert search.search_notes(world.db, world.admin, "heroin") == []


def test_stemming_and_prefix(world: World, notes: dict[str, int]) -> None:
    assert ids(search.search_notes(world.db, world.officer_a1, "evict")) == {notes["housing"]}
    assert ids(search.search_notes(world.db, world.officer_a1, "evictions")) == {notes["housing"]}
    assert ids(search.search_notes(world.db, world.officer_a1, "hous")) == {notes["housing"]}


def test_all_words_must_match(world: World, notes: dict[str, int]) -> None:
    assert search.search_notes(world.db, world.supervisor_a, "heroin housing") == []
    found = search.search_notes(world.db, world.supervisor_a, "evicted heroin")
    assert ids(found) == {notes["other"]}


def test_crn_and_since_filters(world: World, notes: dict[str, int]) -> None:
    hits = search.search_notes(world.db, world.supervisor_a, "heroin", crn=CRN_A2)
    assert ids(hits) == {notes["other"]}
    assert search.search_notes(world.db, world.supervisor_a, "evicted", since="2026-11-10") != []
    assert (
        ids(search.search_notes(world.db, world.officer_a1, "evicted", since="2026-11-10")) == set()
    )
    with pytest.raises(NotFound):
        search.search_notes(world.db, world.officer_a1, "heroin", crn=CRN_B)


def test_snippet_marks_matches(world: World, notes: dict[str, int]) -> None:
    [hit] = search.search_notes(world.db, world.officer_a1, "heroin")
    assert ("heroin", True) in hit.snippet
    assert "".join(text for text, _ in hit.snippet).startswith("Admitted using heroin")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unterminated',
        "heroin OR housing",
        "NEAR(heroin housing)",
        "note_text:heroin",
        "crn:X000001",
        "*",
        "heroin*",
        "-heroin",
        "^heroin",
        "(",
        "'; DROP TABLE entries; --",
        "<script>alert(1)</script>",
        "\u202e\u200f",
        "\U0001f600",
        "\x00",
        "",
        "   ",
        "AND",
        "x" * 100_000,
    ],
)
def test_fts_syntax_is_just_text(world: World, notes: dict[str, int], query: str) -> None:
    hits = search.search_notes(world.db, world.supervisor_a, query)
    assert ids(hits) <= {notes["housing"], notes["heroin"], notes["other"]}
    assert "entries" in world.db.table_names()


def test_operators_are_words_not_syntax(world: World, notes: dict[str, int]) -> None:
    # "OR" is a word that must appear, not an operator widening the search.
    assert search.search_notes(world.db, world.supervisor_a, "heroin OR housing") == []


@pytest.fixture(scope="module")
def fuzz_db() -> Iterator[Database]:
    database = memory_db()
    user = accounts.create_user(
        database,
        "fuzz",
        "long enough password",
        "officer",
        "T",
        hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )
    upsert_person(database, "F000001", "Fuzz", team_id=user.team_id, officer_id=user.id)
    entries.create_draft(
        database, user, "F000001", "Some note about heroin and housing.", "2026-11-21"
    )
    yield database
    database.close()


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_search_never_raises(fuzz_db: Database, text: str) -> None:
    user = accounts.get_user_by_username(fuzz_db, "fuzz")
    for hit in search.search_notes(fuzz_db, user, text):
        assert hit.crn == "F000001"


@given(text=st.text(max_size=300))
def test_fts_query_quotes_every_term(text: str) -> None:
    query = search.fts_query(text)
    if query is not None:
        for term in query.split(" "):
            assert term.startswith('"') and term.rstrip("*").endswith('"')
            assert '"' not in term.rstrip("*")[1:-1]


def test_entries_are_found_by_what_they_recorded(world: World) -> None:
    user = world.officer_a1
    entry = entries.create_draft(world.db, user, CRN_A1, "Saw him at the office.", "2026-11-21")
    data = extraction(accommodation="Sofa surfing with a cousin.")
    data["summary"] = "Office visit. Discussed the tenancy deposit."
    entries.set_extraction(world.db, entry.id, data)
    note = entries.create_draft(world.db, user, CRN_A1, "Asked about a deposit.", "2026-11-20")
    for words, expected in [("tenancy", [entry.id]), ("sofa cousin", [entry.id])]:
        hits = search.search_notes(world.db, user, words, crn=CRN_A1)
        assert [(h.entry_id, h.found_in) for h in hits] == [(i, "entry") for i in expected]
    hits = search.search_notes(world.db, user, "deposit")
    assert [(h.entry_id, h.found_in) for h in hits] == [(note.id, "note"), (entry.id, "entry")]
    assert ("deposit", True) in hits[1].snippet
    data["summary"] = "Office visit."
    entries.update_entry(world.db, user, entry.id, data, 1)
    assert [h.entry_id for h in search.search_notes(world.db, user, "deposit")] == [note.id]
    assert search.search_notes(world.db, world.officer_b, "tenancy") == []
    assert search.search_notes(world.db, world.admin, "tenancy") == []
