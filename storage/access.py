"""Who may see and change what: the one place the access rules of issue 4 §4 live.

An officer sees the people allocated to them; a supervisor sees their team's people; an
admin manages accounts and sees no case records. Entries, sections, search results and
exports follow the person. Anything a user may not see is reported as `NotFound`.
"""

from __future__ import annotations

from typing import Any

from storage.models import User


def people_filter(user: User, alias: str = "people") -> tuple[str, list[Any]]:
    """A SQL condition over `alias` (a `people` row) true for the people `user` may see."""
    if user.disabled:
        return "FALSE", []
    if user.role == "officer":
        return f"{alias}.officer_id = ?", [user.id]
    if user.role == "supervisor":
        return f"{alias}.team_id = ?", [user.team_id]
    return "FALSE", []


def may_record(user: User) -> bool:
    """Whether the user may create and change entries (for people they can see)."""
    return not user.disabled and user.role in ("officer", "supervisor")


def may_review(user: User) -> bool:
    """Whether the user may approve or return entries (for people they can see)."""
    return not user.disabled and user.role == "supervisor"


def may_administer(user: User) -> bool:
    """Whether the user may manage accounts and read the audit log."""
    return not user.disabled and user.role == "admin"
