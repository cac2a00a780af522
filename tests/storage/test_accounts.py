"""Accounts: users, password sign-in with lockout, API tokens and sessions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher, Type
from sqlite_utils import Database
from storage_helpers import NOW, PASSWORD, PRODUCTION_HASHER

from assistant.settings import AuthSettings
from storage import accounts, audit
from storage.errors import AuthenticationFailed, Duplicate, NotFound
from storage.models import User


@pytest.fixture
def alice(db: Database) -> User:
    return accounts.create_user(db, "Alice", PASSWORD, "officer", "North", "Alice A", now=NOW)


def test_production_hasher_is_standard_argon2id() -> None:
    assert PRODUCTION_HASHER.type is Type.ID
    assert PRODUCTION_HASHER.time_cost >= 2
    assert PRODUCTION_HASHER.memory_cost >= 19 * 1024


def test_hash_made_with_older_parameters_is_upgraded_at_sign_in(
    db: Database, auth: AuthSettings
) -> None:
    older = PasswordHasher(time_cost=1, memory_cost=16, parallelism=2)
    user = accounts.create_user(db, "bob", PASSWORD, "officer", "North", hasher=older, now=NOW)
    before = db.table("users").get(user.id)["password_hash"]
    cheap_current = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    accounts.verify_password(db, "bob", PASSWORD, auth, hasher=cheap_current, now=NOW)
    after = db.table("users").get(user.id)["password_hash"]
    assert after != before and "p=1" in after
    assert accounts.verify_password(db, "bob", PASSWORD, auth, hasher=cheap_current, now=NOW)


def test_create_user_stores_argon2id_hash_only(db: Database, alice: User) -> None:
    row = db.table("users").get(alice.id)
    assert row["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in str(row)
    assert alice.username == "alice"
    assert alice.display_name == "Alice A"
    assert alice.role == "officer"


def test_create_user_makes_team_once(db: Database) -> None:
    a = accounts.create_user(db, "a", PASSWORD, "officer", "North")
    b = accounts.create_user(db, "b", PASSWORD, "supervisor", " North ")
    assert a.team_id == b.team_id
    assert [t["name"] for t in accounts.list_teams(db)] == ["North"]


@pytest.mark.parametrize("username", ["alice", "ALICE", " Alice "])
def test_duplicate_username_refused(db: Database, alice: User, username: str) -> None:
    with pytest.raises(Duplicate):
        accounts.create_user(db, username, PASSWORD, "officer", "North")


@pytest.mark.parametrize(
    ("username", "password", "role"),
    [
        ("bob", PASSWORD, "superuser"),
        ("bob", "short", "officer"),
        ("", PASSWORD, "officer"),
        ("bob smith", PASSWORD, "officer"),
        ("<script>", PASSWORD, "officer"),
        ("x" * 65, PASSWORD, "officer"),
    ],
)
def test_bad_account_details_refused(db: Database, username: str, password: str, role: str) -> None:
    with pytest.raises(ValueError):
        accounts.create_user(db, username, password, role, "North")
    assert db.table("users").count == 0


def test_verify_password_returns_user(db: Database, alice: User, auth: AuthSettings) -> None:
    assert accounts.verify_password(db, "ALICE", PASSWORD, auth, now=NOW) == alice


@pytest.mark.parametrize(
    ("username", "password"), [("alice", "wrong password"), ("nobody", PASSWORD)]
)
def test_failures_are_indistinguishable(
    db: Database, alice: User, auth: AuthSettings, username: str, password: str
) -> None:
    with pytest.raises(AuthenticationFailed) as failure:
        accounts.verify_password(db, username, password, auth, now=NOW)
    assert str(failure.value) == "sign-in failed"


def test_lockout_after_repeated_failures(db: Database, alice: User, auth: AuthSettings) -> None:
    for _ in range(auth.max_failed_logins):
        with pytest.raises(AuthenticationFailed):
            accounts.verify_password(db, "alice", "wrong password", auth, now=NOW)
    # Locked: even the right password fails, with the same message.
    with pytest.raises(AuthenticationFailed, match="^sign-in failed$"):
        accounts.verify_password(db, "alice", PASSWORD, auth, now=NOW + timedelta(minutes=1))
    later = NOW + timedelta(minutes=auth.lockout_minutes, seconds=1)
    assert accounts.verify_password(db, "alice", PASSWORD, auth, now=later) == alice
    actions = [r.action for r in audit.list_audit(db, user_id=alice.id)]
    assert "locked" in actions


def test_success_resets_failure_count(db: Database, alice: User, auth: AuthSettings) -> None:
    for _ in range(auth.max_failed_logins - 1):
        with pytest.raises(AuthenticationFailed):
            accounts.verify_password(db, "alice", "wrong password", auth, now=NOW)
    accounts.verify_password(db, "alice", PASSWORD, auth, now=NOW)
    with pytest.raises(AuthenticationFailed):
        accounts.verify_password(db, "alice", "wrong password", auth, now=NOW)
    assert accounts.verify_password(db, "alice", PASSWORD, auth, now=NOW) == alice


def test_unknown_user_failures_change_nothing(db: Database, auth: AuthSettings) -> None:
    for _ in range(10):
        with pytest.raises(AuthenticationFailed):
            accounts.verify_password(db, "nobody", PASSWORD, auth, now=NOW)
    assert db.table("users").count == 0
    assert {r.user_id for r in audit.list_audit(db, action="failed_sign_in")} == {None}


def test_disabled_user_cannot_sign_in_and_loses_access(
    db: Database, alice: User, auth: AuthSettings
) -> None:
    token, _ = accounts.create_session(db, alice, auth, now=NOW)
    _, api_token = accounts.create_token(db, alice, now=NOW)
    disabled = accounts.disable_user(db, "alice", now=NOW)
    assert disabled.disabled
    with pytest.raises(AuthenticationFailed):
        accounts.verify_password(db, "alice", PASSWORD, auth, now=NOW)
    assert accounts.get_session(db, token, auth, now=NOW) is None
    assert accounts.verify_token(db, api_token, now=NOW) is None


def test_disable_unknown_user(db: Database) -> None:
    with pytest.raises(NotFound):
        accounts.disable_user(db, "nobody")


def test_set_password(db: Database, alice: User, auth: AuthSettings) -> None:
    accounts.set_password(db, "alice", "a new long password")
    with pytest.raises(AuthenticationFailed):
        accounts.verify_password(db, "alice", PASSWORD, auth)
    assert accounts.verify_password(db, "alice", "a new long password", auth) == alice


def test_tokens_are_stored_hashed_and_revocable(db: Database, alice: User) -> None:
    token_id, token = accounts.create_token(db, alice, now=NOW)
    assert token.startswith(accounts.TOKEN_PREFIX)
    assert token not in str(list(db.table("api_tokens").rows))
    assert accounts.verify_token(db, token, now=NOW) == alice
    assert accounts.list_tokens(db, alice.id)[0].last_used_at is not None
    accounts.revoke_token(db, token_id)
    assert accounts.verify_token(db, token, now=NOW) is None
    assert accounts.list_tokens(db, alice.id)[0].revoked


@pytest.mark.parametrize("token", ["", "cn_nothing", "'; DROP TABLE users; --", "\u202e\U0001f600"])
def test_unknown_tokens(db: Database, alice: User, token: str) -> None:
    assert accounts.verify_token(db, token) is None


def test_revoke_unknown_token(db: Database) -> None:
    with pytest.raises(NotFound):
        accounts.revoke_token(db, 99)


def test_session_round_trip(db: Database, alice: User, auth: AuthSettings) -> None:
    token, session = accounts.create_session(db, alice, auth, now=NOW)
    assert token not in str(list(db.table("sessions").rows))
    found = accounts.get_session(db, token, auth, now=NOW + timedelta(minutes=5))
    assert found is not None
    assert found.user == alice
    assert found.csrf_token == session.csrf_token
    assert found.csrf_token != token


def test_session_rotates_at_sign_in(db: Database, alice: User, auth: AuthSettings) -> None:
    old, _ = accounts.create_session(db, alice, auth, now=NOW)
    new, _ = accounts.create_session(db, alice, auth, replaces=old, now=NOW)
    assert new != old
    assert accounts.get_session(db, old, auth, now=NOW) is None
    assert accounts.get_session(db, new, auth, now=NOW) is not None


@pytest.mark.parametrize(
    ("minutes", "alive"), [(1, True), (29, True), (30, True), (31, False), (600, False)]
)
def test_session_idle_timeout(
    db: Database, alice: User, auth: AuthSettings, minutes: int, alive: bool
) -> None:
    token, _ = accounts.create_session(db, alice, auth, now=NOW)
    found = accounts.get_session(db, token, auth, now=NOW + timedelta(minutes=minutes))
    assert (found is not None) is alive
    if not alive:
        assert db.table("sessions").count == 0


def test_activity_keeps_session_alive_until_absolute_limit(
    db: Database, alice: User, auth: AuthSettings
) -> None:
    token, _ = accounts.create_session(db, alice, auth, now=NOW)
    moment = NOW
    limit = NOW + timedelta(hours=auth.session_max_hours)
    while moment + timedelta(minutes=20) < limit:
        moment += timedelta(minutes=20)
        assert accounts.get_session(db, token, auth, now=moment) is not None
    assert accounts.get_session(db, token, auth, now=limit) is None


def test_touch_session_and_sign_out(db: Database, alice: User, auth: AuthSettings) -> None:
    token, _ = accounts.create_session(db, alice, auth, now=NOW)
    accounts.touch_session(db, token, now=NOW + timedelta(minutes=25))
    assert accounts.get_session(db, token, auth, now=NOW + timedelta(minutes=50)) is not None
    accounts.delete_session(db, token)
    accounts.delete_session(db, token)  # twice is harmless
    assert accounts.get_session(db, token, auth, now=NOW) is None
    actions = [r.action for r in audit.list_audit(db, user_id=alice.id)]
    assert actions[:2] == ["signed_out", "signed_in"]


def test_unknown_session(db: Database, auth: AuthSettings) -> None:
    assert accounts.get_session(db, "no such token", auth) is None


def test_password_check_can_run_apart_from_the_write(
    db: Database, alice: User, auth: AuthSettings
) -> None:
    assert accounts.password_matches(db, "alice", PASSWORD)
    assert not accounts.password_matches(db, "alice", "wrong password")
    assert not accounts.password_matches(db, "nobody", PASSWORD)
    assert accounts.verify_password(db, "alice", "ignored", auth, matched=True).id == alice.id
    with pytest.raises(AuthenticationFailed):
        accounts.verify_password(db, "alice", PASSWORD, auth, matched=False)
    failures = db.execute("SELECT failed_logins FROM users WHERE id = ?", [alice.id]).fetchone()
    assert failures == (1,)
