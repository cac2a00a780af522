"""The schema, changed only by appending numbered migrations `mNNN_verb_noun`."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage.dialect import is_postgres, pg_script

migrations = Migrations("casenotes")


def migration_names() -> list[str]:
    """Every migration this code knows, in order."""
    return [m.name for m in migrations._migrations]


def applied_names(db: Database) -> list[str]:
    """The migrations applied to this database (either backend), in the order applied."""
    if is_postgres(db):
        from storage.pg import applied_migrations

        return applied_migrations(db, migrations.name)  # type: ignore[arg-type]
    return [m.name for m in migrations.applied(db)]


@migrations()
def m001_create_teams(db: Database) -> None:
    """Teams of officers with a supervisor."""
    db.table("teams").create(
        {"id": int, "name": str, "created_at": str},
        pk="id",
        not_null=["name", "created_at"],
        strict=True,
    )
    db.table("teams").create_index(["name"], unique=True)


@migrations()
def m002_create_users(db: Database) -> None:
    """Accounts: officers, supervisors and admins, each in a team."""
    db.table("users").create(
        {
            "id": int,
            "username": str,
            "display_name": str,
            "role": str,
            "team_id": int,
            "password_hash": str,
            "disabled": int,
            "failed_logins": int,
            "locked_until": str,
            "created_at": str,
        },
        pk="id",
        not_null=["username", "display_name", "role", "team_id", "password_hash", "created_at"],
        defaults={"disabled": 0, "failed_logins": 0},
        foreign_keys=[("team_id", "teams", "id")],
        strict=True,
    )
    db.table("users").create_index(["username"], unique=True)
    db.table("users").create_index(["team_id"])


@migrations()
def m003_create_api_tokens(db: Database) -> None:
    """API bearer tokens, stored only as SHA-256 hashes."""
    db.table("api_tokens").create(
        {
            "id": int,
            "user_id": int,
            "token_hash": str,
            "created_at": str,
            "last_used_at": str,
            "revoked": int,
        },
        pk="id",
        not_null=["user_id", "token_hash", "created_at"],
        defaults={"revoked": 0},
        foreign_keys=[("user_id", "users", "id")],
        strict=True,
    )
    db.table("api_tokens").create_index(["token_hash"], unique=True)


@migrations()
def m004_create_sessions(db: Database) -> None:
    """Server-side sessions keyed by the SHA-256 of the cookie value."""
    db.table("sessions").create(
        {
            "id": str,
            "user_id": int,
            "csrf_token": str,
            "created_at": str,
            "last_seen_at": str,
            "expires_at": str,
        },
        pk="id",
        not_null=["user_id", "csrf_token", "created_at", "last_seen_at", "expires_at"],
        foreign_keys=[("user_id", "users", "id")],
        strict=True,
    )
    db.table("sessions").create_index(["user_id"])


@migrations()
def m005_create_people(db: Database) -> None:
    """People on probation, each in a team and allocated to an officer."""
    db.table("people").create(
        {
            "crn": str,
            "name": str,
            "aliases": str,
            "dob": str,
            "team_id": int,
            "officer_id": int,
            "flags": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="crn",
        not_null=["name", "aliases", "team_id", "flags", "created_at", "updated_at"],
        defaults={"aliases": "[]", "flags": "[]"},
        foreign_keys=[("team_id", "teams", "id"), ("officer_id", "users", "id")],
        strict=True,
    )
    db.table("people").create_index(["officer_id"])
    db.table("people").create_index(["team_id"])


@migrations()
def m006_create_conversations(db: Database) -> None:
    """Chat conversations and their messages."""
    db.table("conversations").create(
        {"id": int, "user_id": int, "crn": str, "created_at": str},
        pk="id",
        not_null=["user_id", "created_at"],
        foreign_keys=[("user_id", "users", "id"), ("crn", "people", "crn")],
        strict=True,
    )
    db.table("conversations").create_index(["user_id", "created_at"])
    db.table("messages").create(
        {
            "id": int,
            "conversation_id": int,
            "role": str,
            "text": str,
            "payload": str,
            "created_at": str,
        },
        pk="id",
        not_null=["conversation_id", "role", "text", "created_at"],
        foreign_keys=[("conversation_id", "conversations", "id")],
        strict=True,
    )
    db.table("messages").create_index(["conversation_id", "id"])


@migrations()
def m007_create_entries(db: Database) -> None:
    """Case entries and a version row for every change to one."""
    db.table("entries").create(
        {
            "id": int,
            "crn": str,
            "author_id": int,
            "status": str,
            "current_version": int,
            "note_text": str,
            "reference_date": str,
            "extraction": str,
            "data": str,
            "review_comment": str,
            "created_at": str,
            "updated_at": str,
            "submitted_at": str,
            "approved_by": int,
            "approved_at": str,
            "approved_version": int,
            "idempotency_key": str,
        },
        pk="id",
        not_null=[
            "crn",
            "author_id",
            "status",
            "current_version",
            "note_text",
            "reference_date",
            "created_at",
            "updated_at",
        ],
        defaults={"status": "draft", "current_version": 0},
        foreign_keys=[
            ("crn", "people", "crn"),
            ("author_id", "users", "id"),
            ("approved_by", "users", "id"),
        ],
        strict=True,
    )
    db.table("entries").create_index(["idempotency_key"], unique=True)
    db.table("entries").create_index(["crn", "created_at"])
    db.table("entries").create_index(["status", "submitted_at"])
    db.table("entries").create_index(["author_id", "status"])
    db.table("entry_versions").create(
        {
            "id": int,
            "entry_id": int,
            "version": int,
            "data": str,
            "changed_fields": str,
            "user_id": int,
            "created_at": str,
            "reason": str,
        },
        pk="id",
        not_null=["entry_id", "version", "data", "changed_fields", "user_id", "created_at"],
        foreign_keys=[("entry_id", "entries", "id"), ("user_id", "users", "id")],
        strict=True,
    )
    db.table("entry_versions").create_index(["entry_id", "version"], unique=True)


@migrations()
def m008_create_section_drafts(db: Database) -> None:
    """Assessment section drafts per person and need area, merged across contacts."""
    db.table("section_drafts").create(
        {
            "crn": str,
            "area": str,
            "text": str,
            "entry_ids": str,
            "sentences": str,
            "updated_at": str,
        },
        pk=("crn", "area"),
        not_null=["text", "entry_ids", "sentences", "updated_at"],
        foreign_keys=[("crn", "people", "crn")],
        strict=True,
    )


@migrations()
def m009_create_idempotency(db: Database) -> None:
    """The first response to each idempotency key, replayed for retries."""
    db.table("idempotency").create(
        {"key": str, "user_id": int, "response": str, "created_at": str},
        pk="key",
        not_null=["user_id", "response", "created_at"],
        foreign_keys=[("user_id", "users", "id")],
        strict=True,
    )


@migrations()
def m010_create_audit_log(db: Database) -> None:
    """The hash-chained audit log, its head/anchor record, and append-only triggers."""
    db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "user_id": int,
            "action": str,
            "record_type": str,
            "record_id": str,
            "detail": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="id",
        not_null=["at", "action", "detail", "prev_hash", "hash"],
        strict=True,
    )
    db.table("audit_log").create_index(["record_type", "record_id"])
    db.table("audit_log").create_index(["user_id", "id"])
    db.table("audit_log").create_index(["at"])
    db.table("audit_meta").create({"key": str, "value": str}, pk="key", strict=True)
    # Only a retention purge may delete (it sets the 'purging' marker in the same transaction);
    # nothing may update.
    if is_postgres(db):
        # Every audit id is given by the code (the head's id + 1), never generated.
        db.execute("ALTER TABLE audit_log ALTER COLUMN id DROP IDENTITY")
        _pg_audit_triggers(db)
        return
    db.execute(
        """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN NOT EXISTS (SELECT 1 FROM audit_meta WHERE key = 'purging')
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
        """
    )


def _pg_audit_triggers(db: Database) -> None:
    """PostgreSQL's twin of the two append-only triggers, plus TRUNCATE, which skips row
    triggers there."""
    pg_script(
        db,
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_meta WHERE key = 'purging')
            THEN RETURN OLD; END IF;
            RAISE EXCEPTION 'audit_log is append-only'
                USING ERRCODE = 'integrity_constraint_violation';
        END $$;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        """,
    )


@migrations()
def m011_create_notes_fts(db: Database) -> None:
    """FTS5 index over entries' note text, kept in step by triggers (on PostgreSQL a GIN
    index over the note's English tsvector, which the database keeps in step itself)."""
    if is_postgres(db):
        db.execute(
            "CREATE INDEX entries_note_fts ON entries USING gin (to_tsvector('english', note_text))"
        )
        return
    db.execute(
        """
        CREATE VIRTUAL TABLE notes_fts USING fts5(
            note_text, crn UNINDEXED,
            content='entries', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER entries_fts_insert AFTER INSERT ON entries BEGIN
            INSERT INTO notes_fts(rowid, note_text, crn) VALUES (new.id, new.note_text, new.crn);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER entries_fts_delete AFTER DELETE ON entries BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, note_text, crn)
            VALUES ('delete', old.id, old.note_text, old.crn);
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER entries_fts_update AFTER UPDATE OF note_text, crn ON entries BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, note_text, crn)
            VALUES ('delete', old.id, old.note_text, old.crn);
            INSERT INTO notes_fts(rowid, note_text, crn) VALUES (new.id, new.note_text, new.crn);
        END
        """
    )


# What an entry records in words beyond the note: the contact record and section drafts.
_ENTRY_TEXT = """
    coalesce(json_extract({row}.data, '$.summary'), '') || ' ' ||
    coalesce((SELECT group_concat(value, ' ') FROM json_each({row}.data, '$.sections')
              WHERE type = 'text'), '')
"""


@migrations()
def m012_create_entry_text_fts(db: Database) -> None:
    """FTS5 index over each entry's recorded text (contact record and sections), so search
    finds entries by what was recorded as well as by what the note said."""
    if is_postgres(db):
        _pg_entry_text_index(db)
        return
    db.execute("CREATE VIRTUAL TABLE entry_text_fts USING fts5(body, tokenize='porter unicode61 "
               "remove_diacritics 2')")  # fmt: skip
    new_text = _ENTRY_TEXT.format(row="new")
    db.execute(
        f"""
        CREATE TRIGGER entries_text_fts_insert AFTER INSERT ON entries
        WHEN new.data IS NOT NULL BEGIN
            INSERT INTO entry_text_fts(rowid, body) VALUES (new.id, {new_text});
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER entries_text_fts_update AFTER UPDATE OF data ON entries BEGIN
            DELETE FROM entry_text_fts WHERE rowid = old.id;
            INSERT INTO entry_text_fts(rowid, body)
            SELECT new.id, {new_text} WHERE new.data IS NOT NULL;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER entries_text_fts_delete AFTER DELETE ON entries BEGIN
            DELETE FROM entry_text_fts WHERE rowid = old.id;
        END
        """
    )
    db.execute(
        "INSERT INTO entry_text_fts(rowid, body) SELECT id, "
        f"{_ENTRY_TEXT.format(row='entries')} FROM entries WHERE data IS NOT NULL"
    )


# PostgreSQL's `_ENTRY_TEXT`: the same words (summary, then each text-valued section), as
# an IMMUTABLE function so an expression index can hold its tsvector.
PG_ENTRY_TEXT = """
CREATE FUNCTION entry_recorded_text(data text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(doc ->> 'summary', '') || ' ' || coalesce((
        SELECT string_agg(item #>> '{}', ' ')
        FROM jsonb_array_elements(CASE jsonb_typeof(doc -> 'sections')
            WHEN 'object' THEN (SELECT jsonb_agg(v) FROM jsonb_each(doc -> 'sections') AS s(k, v))
            WHEN 'array' THEN doc -> 'sections' ELSE '[]'::jsonb END) AS item
        WHERE jsonb_typeof(item) = 'string'), '')
    FROM (SELECT data::jsonb AS doc) AS d
    WHERE data IS NOT NULL
$$
"""


def _pg_entry_text_index(db: Database) -> None:
    pg_script(db, PG_ENTRY_TEXT)
    db.execute(
        "CREATE INDEX entries_text_fts ON entries "
        "USING gin (to_tsvector('english', entry_recorded_text(data)))"
    )


@migrations()
def m013_create_teams_links(db: Database) -> None:
    """Microsoft Teams: users linked to accounts, one-time link codes, webhook replies kept
    by activity so a repeated delivery gets the same answer."""
    db.table("teams_links").create(
        {
            "id": int,
            "tenant_id": str,
            "aad_object_id": str,
            "user_id": int,
            "teams_name": str,
            "created_at": str,
        },
        pk="id",
        not_null=["tenant_id", "aad_object_id", "user_id", "teams_name", "created_at"],
        foreign_keys=[("user_id", "users", "id")],
        strict=True,
    )
    db.table("teams_links").create_index(["tenant_id", "aad_object_id"], unique=True)
    db.table("teams_links").create_index(["user_id"])
    db.table("teams_link_codes").create(
        {
            "code_hash": str,
            "tenant_id": str,
            "aad_object_id": str,
            "teams_name": str,
            "created_at": str,
            "expires_at": str,
        },
        pk="code_hash",
        not_null=["tenant_id", "aad_object_id", "teams_name", "created_at", "expires_at"],
        strict=True,
    )
    db.table("teams_link_codes").create_index(["tenant_id", "aad_object_id"])
    db.table("teams_webhook_replies").create(
        {"key": str, "reply": str, "created_at": str},
        pk="key",
        not_null=["created_at"],
        strict=True,
    )


@migrations()
def m014_create_assessment_answers(db: Database) -> None:
    """The officer's decision on each pre-filled assessment answer: accepted as offered, or
    changed (with the value they chose), by whom and when; one row per person and question."""
    db.table("assessment_answers").create(
        {
            "crn": str,
            "code": str,
            "value": str,
            "offered": str,
            "action": str,
            "user_id": int,
            "decided_at": str,
        },
        pk=("crn", "code"),
        not_null=["value", "action", "user_id", "decided_at"],
        foreign_keys=[("user_id", "users", "id")],
        strict=True,
    )


@migrations()
def m015_create_discarded_entries(db: Database) -> None:
    """Drafts an officer discarded: hidden from every list and read, kept for an administrator
    to restore (the entry row and its versions are untouched)."""
    db.table("discarded_entries").create(
        {"entry_id": int, "discarded_by": int, "discarded_at": str},
        pk="entry_id",
        not_null=["discarded_by", "discarded_at"],
        foreign_keys=[("entry_id", "entries", "id"), ("discarded_by", "users", "id")],
        strict=True,
    )


@migrations()
def m016_scope_idempotency_keys(db: Database) -> None:
    """Idempotency keys belong to one account: another account's same key is its own, and
    a key resent with a different request is refused, so a key tells nobody anything."""
    db.execute("DROP INDEX IF EXISTS idx_entries_idempotency_key")
    db.table("entries").create_index(
        ["author_id", "idempotency_key"], unique=True, index_name="idx_entries_author_key"
    )
    db.table("idempotency").transform(pk=("user_id", "key"))
    db.table("idempotency").add_column("request_hash", str)


@migrations()
def m017_add_api_token_expiry(db: Database) -> None:
    """API tokens expire; tokens made before this carry their creation time plus 90 days."""
    db.table("api_tokens").add_column("expires_at", str)
    if is_postgres(db):
        pg_script(
            db,
            "UPDATE api_tokens SET expires_at = to_char((created_at::timestamptz "
            "+ interval '90 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"+00:00\"') "
            "WHERE expires_at IS NULL",
        )
        return
    db.execute(
        "UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', "
        "created_at, '+90 days') WHERE expires_at IS NULL"
    )


@migrations()
def m018_add_entry_source(db: Database) -> None:
    """Historical entries (status `historical`, from `assistant backfill --into-db`) keep the
    id of the note they were read from, unique, so a rerun stores each note once."""
    db.execute("ALTER TABLE entries ADD COLUMN source_id TEXT")
    db.execute("CREATE UNIQUE INDEX idx_entries_source_id ON entries(source_id)")


@migrations()
def m019_create_shared_limits(db: Database) -> None:
    """Counts that decide a request (requests per minute, failed sign-ins per address) and
    the signing key made when none is configured, in the database: with several app
    instances on one database, a limit or a cookie set on one holds on every other."""
    db.table("throttle_hits").create(
        {"scope": str, "key": str, "at": float, "until": float},
        not_null=["scope", "key", "at", "until"],
        strict=True,
    )
    db.table("throttle_hits").create_index(["scope", "key", "until"])
    db.table("throttle_hits").create_index(["until"])
    db.table("app_secrets").create(
        {"name": str, "value": str, "created_at": str},
        pk="name",
        not_null=["value", "created_at"],
        strict=True,
    )
