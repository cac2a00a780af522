"""Exports: an entry as nDelius-style contact text or JSON; a person's entries as CSV."""

from __future__ import annotations

import csv
import io
import json

from aiohttp import web

from assistant import services
from assistant.auth import CASE_ROLES, roles
from assistant.fields import ACTION_LABELS, FLAG_LABELS, NEED_LABELS
from assistant.typedefs import db_key, templates_key, user_key
from assistant.views.entries import entry_id
from storage import audit, entries

routes = web.RouteTableDef()

# The contract's "nDelius code on export" columns.
CONTACT_CODES = {
    "office_visit": "COAP Planned Office Visit (NS)",
    "home_visit": "CHVS Home Visit to Case (NS)",
    "telephone": "COPT Planned Telephone Contact (NS)",
    "video": "COVC Planned Video Contact (NS)",
    "text_or_email": "CMOB Email/Text to Offender",
    "other_face_to_face": "COOO Planned Contact - other than office (NS)",
}
OUTCOME_CODES = {
    "attended_complied": "ATTC Attended - Complied",
    "attended_failed_to_comply": "AFTC Attended - Failed to Comply",
    "failed_to_attend": "AFTA Failed to Attend",
    "acceptable_absence": "AAAA Acceptable Absence - Other",
    "unacceptable_absence": "UAAB Unacceptable Absence",
    "rescheduled": "RSOF Rescheduled - Offender Request",
}
ENFORCEMENT_CODES = {
    "none": "NFA No Further Action",
    "warning_letter": "EA02 Warning Letter",
    "breach": "BRE01 Breach Requested",
    "recall": "EA11 Recall Requested",
}
CSV_COLUMNS = [
    "entry_id",
    "crn",
    "status",
    "version",
    "contact_date",
    "contact_type",
    "outcome",
    "enforcement",
    "next_appointment",
    "needs",
    "flags",
    "actions",
    "summary",
]


def contact_text(env, entry, person) -> str:
    """The entry as the contact record text an officer pastes into nDelius."""
    data = entry.data or {}
    contact = data.get("contact") or {}
    return env.get_template("text/ndelius_contact.txt.j2").render(
        entry=entry,
        person=person,
        data=data,
        contact=contact,
        contact_code=CONTACT_CODES.get(str(contact.get("type")), "Not recorded"),
        outcome_code=OUTCOME_CODES.get(str(contact.get("outcome")), "Not recorded"),
        enforcement_code=ENFORCEMENT_CODES.get(data.get("enforcement") or "none"),
        needs=[
            NEED_LABELS.get(n.get("area"), n.get("area"))
            for n in data.get("needs") or []
            if n.get("status") == "need"
        ],
        flags=[
            FLAG_LABELS.get(f.get("code"), f.get("code"))
            for f in data.get("risk_flags") or []
            if f.get("status") == "present"
        ],
        actions=[
            ACTION_LABELS.get(a.get("code"), a.get("code")) for a in data.get("actions") or []
        ],
    )


def csv_row(entry) -> dict[str, object]:
    """One CSV row; cells that a spreadsheet would run as a formula are defused (an empty
    cell stays empty: `"" in "=+-"` is true in Python, which once gave empty cells a quote)."""
    data = entry.data or {}
    contact = data.get("contact") or {}
    nxt = data.get("next_appointment") or {}
    row = {
        "entry_id": entry.id,
        "crn": entry.crn,
        "status": entry.status,
        "version": entry.current_version,
        "contact_date": contact.get("date"),
        "contact_type": contact.get("type"),
        "outcome": contact.get("outcome"),
        "enforcement": data.get("enforcement"),
        "next_appointment": " ".join(x for x in (nxt.get("date"), nxt.get("time")) if x),
        "needs": ";".join(
            n.get("area", "") for n in data.get("needs") or [] if n.get("status") == "need"
        ),
        "flags": ";".join(
            f.get("code", "") for f in data.get("risk_flags") or [] if f.get("status") == "present"
        ),
        "actions": ";".join(a.get("code", "") for a in data.get("actions") or []),
        "summary": data.get("summary") or "",
    }
    return {
        k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@\t\r" else v)
        for k, v in row.items()
    }


@routes.get("/entries/{id}/export.txt", name="export_text")
@roles(*CASE_ROLES, hide=True)
async def export_text(request: web.Request) -> web.Response:
    """nDelius-style contact text."""
    db = request.app[db_key]
    user = request[user_key]
    entry = await services.entry_to_change(request.app, user, entry_id(request), "web")
    person = await services.read_person(request.app, user, entry.crn, "web")
    await db.write(audit.append, user.id, "exported", "entry", entry.id, {"format": "text"})
    return web.Response(
        text=contact_text(request.app[templates_key], entry, person),
        content_type="text/plain",
        charset="utf-8",
    )


@routes.get("/entries/{id}/export.json", name="export_json")
@roles(*CASE_ROLES, hide=True)
async def export_json(request: web.Request) -> web.Response:
    """The entry as JSON (the current data is contract case-entry/1)."""
    db = request.app[db_key]
    user = request[user_key]
    entry = await services.entry_to_change(request.app, user, entry_id(request), "web")
    await db.write(audit.append, user.id, "exported", "entry", entry.id, {"format": "json"})
    return web.Response(
        text=json.dumps(entry.to_json(), ensure_ascii=False, indent=2),
        content_type="application/json",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="entry-{entry.id}.json"'},
    )


@routes.get("/cases/{crn}/export.csv", name="export_csv")
@roles(*CASE_ROLES, hide=True)
async def export_csv(request: web.Request) -> web.Response:
    """All of a person's entries, one row each."""
    db = request.app[db_key]
    user = request[user_key]
    await services.read_person(request.app, user, request.match_info["crn"], "web")
    person, found = await db.read(entries.case_record, user, request.match_info["crn"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(csv_row(e) for e in found)
    await db.write(audit.append, user.id, "exported", "person", person.crn, {"format": "csv"})
    return web.Response(
        text=out.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{person.crn}-entries.csv"'},
    )
