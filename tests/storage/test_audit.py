"""The audit log: append-only, hash-chained, tamper-evident, and purged without breaking."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from storage_helpers import CRN_A1, NOW, World, make_entry

from assistant.settings import RetentionSettings
from storage import audit, entries, retention, search
from storage.db import iso, open_db
from storage.dialect import is_postgres
from storage.errors import INTEGRITY_ERRORS
from storage.export import export_person


def fill(db: Database, count: int = 6) -> None:
    for i in range(count):
        audit.append(db, 1, "viewed", "entry", i, {"fields": ["contact.date"]}, now=NOW)


def drop_trigger(db: Database, name: str) -> None:
    """Drop one of audit_log's guards (PostgreSQL names the table a trigger is on)."""
    on = " ON audit_log" if is_postgres(db) else ""
    db.execute(f"DROP TRIGGER IF EXISTS {name}{on}")


def tamper(db: Database, sql: str) -> None:
    """What someone with the database file could do: drop the guard and change rows."""
    drop_trigger(db, "audit_log_no_update")
    drop_trigger(db, "audit_log_no_delete")
    db.execute(sql)


def test_intact_chain_verifies(world: World) -> None:
    make_entry(world.db, world.officer_a1, CRN_A1, "approved", reviewer=world.supervisor_a)
    assert audit.verify(world.db) == []
    head_id, head_hash = audit.head(world.db)
    assert head_id == world.db.table("audit_log").count
    assert len(head_hash) == 64


def test_empty_log_verifies(db: Database) -> None:
    assert audit.verify(db) == []


@pytest.mark.parametrize(
    "sql", ["UPDATE audit_log SET detail = '{}' WHERE id = 3", "DELETE FROM audit_log WHERE id = 3"]
)
def test_triggers_refuse_changes(db: Database, sql: str) -> None:
    fill(db)
    with pytest.raises(INTEGRITY_ERRORS, match="append-only"):
        db.execute(sql)
    assert audit.verify(db) == []


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE audit_log SET detail = '{\"fields\":[]}' WHERE id = 3",
        "UPDATE audit_log SET user_id = 2 WHERE id = 3",
        "UPDATE audit_log SET action = 'changed' WHERE id = 1",
        "UPDATE audit_log SET at = '2020-01-01T00:00:00.000000+00:00' WHERE id = 6",
    ],
)
def test_edited_row_is_detected(db: Database, change: str) -> None:
    fill(db)
    tamper(db, change)
    problems = audit.verify(db)
    assert any("edited" in p for p in problems), problems


def test_edited_row_with_recomputed_hash_breaks_the_next_link(db: Database) -> None:
    fill(db)
    row = db.table("audit_log").get(3)
    row["detail"] = "{}"
    row["hash"] = audit.row_hash(row)
    tamper(db, f"UPDATE audit_log SET detail = '{{}}', hash = '{row['hash']}' WHERE id = 3")
    assert any("row 4: does not link to row 3" in p for p in audit.verify(db))


@pytest.mark.parametrize(
    ("deleted", "expected"),
    [
        ("id = 3", "rows 3-3: missing"),
        ("id IN (2, 3, 4)", "rows 2-4: missing"),
        ("id = 1", "rows 1-1: missing"),
        ("id = 6", "rows 6-6: missing from the end"),
        ("TRUE", "rows 1-6: missing from the end"),
    ],
)
def test_deleted_rows_are_detected(db: Database, deleted: str, expected: str) -> None:
    fill(db)
    tamper(db, f"DELETE FROM audit_log WHERE {deleted}")
    problems = audit.verify(db)
    assert any(p.startswith(expected) for p in problems), problems


def test_missing_trigger_is_reported(db: Database) -> None:
    fill(db)
    drop_trigger(db, "audit_log_no_update")
    assert audit.verify(db) == ["append-only trigger audit_log_no_update is missing"]


@pytest.mark.parametrize(
    "detail",
    [
        {"note": "He said he relapsed on heroin"},
        {"name": "John Smith"},
        {"fields": ["contact.date", "free text here"]},
        {"nested": {"x": "<script>"}},
        {"obj": object()},
    ],
)
def test_detail_refuses_free_text(db: Database, detail: dict) -> None:
    with pytest.raises(ValueError):
        audit.append(db, 1, "viewed", "entry", 1, detail)
    assert db.table("audit_log").count == 0


@pytest.mark.parametrize("action", ["", "Viewed", "drop table", "x" * 41])
def test_action_must_be_a_code(db: Database, action: str) -> None:
    with pytest.raises(ValueError):
        audit.append(db, 1, action)


def test_no_note_text_or_names_in_audit(world: World) -> None:
    note = "Distinctive note about Zebedee Quux"
    entry = make_entry(world.db, world.officer_a1, CRN_A1, "submitted", note=note)
    entries.return_entry(world.db, world.supervisor_a, entry.id, "Zebedee comment")
    export_person(world.db, CRN_A1)
    dump = str([r.to_json() for r in audit.list_audit(world.db, limit=1000)])
    for secret in ("Distinctive", "Zebedee", "Person X000001"):
        assert secret not in dump


def test_list_audit_filters_and_pages(db: Database) -> None:
    fill(db, 10)
    audit.append(db, 2, "approved", "entry", 99, now=NOW + timedelta(days=1))
    assert [r.id for r in audit.list_audit(db, limit=3)] == [11, 10, 9]
    assert [r.id for r in audit.list_audit(db, before_id=9, limit=2)] == [8, 7]
    assert [r.record_id for r in audit.list_audit(db, action="approved")] == ["99"]
    assert [r.id for r in audit.list_audit(db, user_id=2)] == [11]
    assert len(audit.list_audit(db, record_type="entry", record_id=3)) == 1
    assert len(audit.list_audit(db, since=(NOW + timedelta(hours=1)).isoformat())) == 1


def test_retention_purge_dry_run_then_real(world: World) -> None:
    old = make_entry(world.db, world.officer_a1, CRN_A1, "approved", reviewer=world.supervisor_a)
    settings = RetentionSettings(entry_years=7, audit_years=7)
    later = NOW + timedelta(days=365 * 7 + 10)
    recent = entries.create_draft(
        world.db, world.officer_a1, CRN_A1, "Recent note", "2033-12-01", now=later
    )
    rows_before = world.db.table("audit_log").count

    report = retention.purge(world.db, settings, dry_run=True, now=later)
    assert report.entry_ids == [old.id]
    assert report.counts["entries"] == 1
    assert report.counts["entry_versions"] == 1
    assert report.counts["audit_log"] == rows_before - 1  # all but the recent entry's row
    assert world.db.table("entries").count == 2  # a dry run removes nothing
    assert world.db.table("audit_log").count == rows_before

    retention.purge(world.db, settings, dry_run=False, now=later)
    assert [e.id for e in entries.list_entries_for(world.db, world.officer_a1)] == [recent.id]
    assert search.search_notes(world.db, world.officer_a1, "office") == []
    assert audit.verify(world.db) == []  # the chain's anchor moved with the purge
    assert audit.list_audit(world.db, limit=1)[0].action == "purged"


def test_purge_clears_stale_teams_replies_and_link_codes(world: World) -> None:
    day_old = iso(NOW - timedelta(days=2))
    world.db.table("teams_webhook_replies").insert_all(
        [
            {"key": "old", "reply": "{}", "created_at": day_old},
            {"key": "new", "reply": "{}", "created_at": iso(NOW)},
        ]
    )
    codes = world.db.table("teams_link_codes")
    for name, expires in (
        ("gone", NOW - timedelta(minutes=1)),
        ("live", NOW + timedelta(minutes=9)),
    ):
        codes.insert(
            {
                "code_hash": name,
                "tenant_id": "t",
                "aad_object_id": name,
                "teams_name": name,
                "created_at": day_old,
                "expires_at": iso(expires),
            }
        )
    settings = RetentionSettings(entry_years=7, audit_years=7)
    report = retention.purge(world.db, settings, dry_run=False, now=NOW)
    assert (report.counts["teams_webhook_replies"], report.counts["teams_link_codes"]) == (1, 1)
    assert [r["key"] for r in world.db.table("teams_webhook_replies").rows] == ["new"]
    assert [r["code_hash"] for r in codes.rows] == ["live"]


def test_concurrent_appends_from_separate_connections_keep_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    open_db(path).close()
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def append_many(worker: int) -> None:
        db = open_db(path)
        try:
            barrier.wait()
            for i in range(50):
                audit.append(db, worker, "viewed", "entry", i)
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=append_many, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = open_db(path)
    try:
        assert db.table("audit_log").count == 200
        assert audit.verify(db) == []
    finally:
        db.close()
