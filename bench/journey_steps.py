"""How the journey benchmark corrects values on the page: the Change link of the value's group,
a click on each right choice, Enter to save (a keyboard user's Tab, arrow and Enter reach the
same controls; clicks are counted one each, keys one each)."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from bench.journey_plan import Wrong

_PAGES = {
    "needs": "change/needs",
    "flags": "change/flags",
    "substances": "change/substances",
    "actions": "change/actions",
    "drug_test": "change/drug_test",
    "next": "change/next_appointment",
    "contact_type": "edit/contact_type",
    "outcome": "edit/outcome",
    "enforcement": "edit/enforcement",
}


def fix_on_page(page, entry_id: str, wrong: list[Wrong]) -> int:  # type: ignore[no-untyped-def]
    """Correct every wrong value group by group; the clicks and keystrokes spent."""
    spent = 0
    for group, found in groupby(sorted(wrong, key=lambda w: w.group), key=lambda w: w.group):
        page.click(f"a[href='/entries/{entry_id}/{_PAGES[group]}'] >> nth=0")
        spent += 1
        rows = list(found)
        if group == "next" and rows[0].want is None:
            page.click("button:has-text('No next appointment')")
            spent += 1
            continue
        spent += _choose(page, group, rows)
        page.keyboard.press("Enter")
        spent += 1
        page.wait_for_url(f"**/entries/{entry_id}*")
    return spent


def _choose(page, group: str, rows: list[Wrong]) -> int:  # type: ignore[no-untyped-def]
    if group in ("contact_type", "outcome", "enforcement"):
        page.check(f"input[name='value'][value='{rows[0].want}']")
        return 1
    if group == "drug_test":
        want, have = rows[0].want, rows[0].have or {"result": "", "substances": []}
        page.check(f"input[name='result'][value='{want['result'] if want else ''}']")
        spent = 1
        for name in set((want or {}).get("substances", [])) ^ set(have["substances"]):
            page.locator(f"input[name='substances'][value='{name}']").click()
            spent += 1
        page.focus("input[name='result']:checked")
        return spent
    if group == "next":
        want, spent = rows[0].want, 0
        day = dt.date.fromisoformat(want["date"])
        page.fill("#date", day.isoformat())
        page.fill("#time", want["time"])
        spent += 8 + len(want["time"]) + 2  # typed dd mm yyyy, the time, and a Tab to each
        page.focus("#time")
        return spent
    for row in rows:
        page.check(f"input[name='{row.key}'][value='{row.want or ''}']")
    page.focus(f"input[name='{rows[-1].key}']:checked")
    return len(rows)
