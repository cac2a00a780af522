"""The pre-filled assessment page: area by area, accept or change each answer, evidence at hand."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from aiohttp import web

from assistant import services
from assistant.assessment import build, notes_of, offered, text_export, view_model
from assistant.auth import CASE_ROLES, roles
from assistant.fields import uk_date
from assistant.typedefs import db_key, user_key
from assistant.views.render import render
from storage import assessments

routes = web.RouteTableDef()
MAX_DETAILS = 1425  # SAN's limit on practitioner analysis details


async def load(request: web.Request, via: str) -> dict[str, Any]:
    """Read (through the service layer, audited), pre-fill and overlay one person's assessment;
    the assessing runs off the event loop."""
    user = request[user_key]
    person, found = await services.read_case(request.app, user, request.match_info["crn"], via)
    decisions = await request.app[db_key].read(assessments.decisions_for, user, person.crn)
    record = {"person": person, "notes": notes_of(found), "decisions": decisions}
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, build, record, dt.date.today())


@routes.get("/cases/{crn}/assessment", name="case_assessment")
@roles(*CASE_ROLES, hide=True)
async def show(request: web.Request) -> web.Response:
    """The person's pre-filled Strengths and Needs assessment."""
    result = await load(request, "web")
    return await render(
        request,
        "pages/assessment.html",
        {
            "title": f"Assessment: {result['name']} ({result['crn']})",
            "result": result,
            "areas": view_model(result),
            "as_of": uk_date(result["as_of"]),
        },
    )


@routes.get("/cases/{crn}/assessment.txt", name="case_assessment_text")
@roles(*CASE_ROLES, hide=True)
async def export_text(request: web.Request) -> web.Response:
    """The assessment as plain text, areas in SAN's order, ready to paste."""
    result = await load(request, "web")
    text = text_export(result)
    return web.Response(
        text=text,
        content_type="text/plain",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="assessment-{result["crn"]}.txt"'},
    )


def submitted(form: Any, question: dict[str, Any]) -> Any:
    """The value the form sent for one question, checked against its options."""
    code, allowed = question["code"], {v for v, _ in question["options"]}
    if question["kind"] == "multi":
        chosen = [v for v in form.getall(code, []) if v]
        if any(v not in allowed for v in chosen):
            raise web.HTTPBadRequest(text=f"{question['label']}: choose from the options given")
        return [v for v, _ in question["options"] if v in chosen]
    value = form.get(code) or None
    if value is not None and value not in allowed:
        raise web.HTTPBadRequest(text=f"{question['label']}: choose from the options given")
    if question["analysis"]:
        details = str(form.get(f"{code}-details", "")).strip()
        if len(details) > MAX_DETAILS:
            raise web.HTTPBadRequest(
                text=f"{question['label']}: details are over {MAX_DETAILS} characters"
            )
        return {"value": value, "details": details}
    return value


@routes.post("/cases/{crn}/assessment/{area}", name="case_assessment_save")
@roles(*CASE_ROLES, hide=True)
async def save(request: web.Request) -> web.Response:
    """Accept or change the answers of one area; blank questions left blank are not saved."""
    form = await request.post()
    result = await load(request, "web")
    area = next((a for a in view_model(result) if a["area"] == request.match_info["area"]), None)
    if area is None:
        raise web.HTTPNotFound()
    decided = {}
    for question in area["questions"]:
        value, was = submitted(form, question), offered(question["answer"])
        if _empty(value) and _empty(was) and not question["answer"].get("decision"):
            continue
        decided[question["code"]] = (value, was)
    if decided:
        await request.app[db_key].write(
            assessments.record_decisions, request[user_key], result["crn"], decided
        )
    raise web.HTTPSeeOther(f"/cases/{result['crn']}/assessment#{area['area']}")


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return value.get("value") is None and not value.get("details")
    return value in (None, [], "")
