"""Change your own password: the current one first, the new one twice (GOV.UK pattern)."""

from __future__ import annotations

from aiohttp import web
from sqlite_utils import Database

from assistant.auth import roles, set_session_cookie
from assistant.settings import AuthSettings
from assistant.typedefs import db_key, settings_key, user_key
from assistant.views.render import render
from storage import accounts
from storage.models import User

routes = web.RouteTableDef()
ALL_ROLES = ("officer", "supervisor", "admin")
TEMPLATE = "pages/password.html"


@routes.get("/account/password", name="password")
@roles(*ALL_ROLES)
async def password_page(request: web.Request) -> web.StreamResponse:
    """The change-password form."""
    done = "changed" in request.query
    flash = {"success": True, "text": "Your password has been changed."} if done else None
    return await render(
        request, TEMPLATE, {"title": "Change your password", "flash": flash, "active": "password"}
    )


@routes.post("/account/password")
@roles(*ALL_ROLES)
async def change_password(request: web.Request) -> web.StreamResponse:
    """Check the current password, set the new one, end every other session of the account."""
    user = request[user_key]
    form = await request.post()
    current = str(form.get("current_password", ""))
    new = str(form.get("new_password", ""))
    again = str(form.get("confirm_password", ""))
    errors: dict[str, str] = {}
    if not current:
        errors["current_password"] = "Enter your current password"
    if len(new) < accounts.MIN_PASSWORD_LENGTH:
        errors["new_password"] = (
            f"Enter a new password of at least {accounts.MIN_PASSWORD_LENGTH} characters"
        )
    elif new != again:
        errors["confirm_password"] = "Enter the same new password twice"
    db = request.app[db_key]
    if "current_password" not in errors and not await db.read_hashing(
        accounts.password_matches, user.username, current
    ):
        errors["current_password"] = "Your current password is not right"
    if errors:
        context = {"title": "Change your password", "errors": errors, "active": "password"}
        return await render(request, TEMPLATE, context, status=400)
    settings = request.app[settings_key]
    token = await db.write(_change, user, new, settings.auth)
    response = web.HTTPSeeOther("/account/password?changed")
    # Every session of the account ended with the change; this browser gets a fresh one.
    set_session_cookie(response, token, settings.secure_cookies)
    raise response


def _change(db: Database, user: User, password: str, auth: AuthSettings) -> str:
    accounts.set_password(db, user.username, password)
    token, _ = accounts.create_session(db, user, auth)
    return token
