"""The case page with a backfilled history: the historical notes apart from the contacts,
the sections built from them linking to each note, and a historical note shown read-only."""

from __future__ import annotations

import re

from storage.historical import rebuild_history_sections, store_historical
from tests.web.conftest import sign_in


def backfill(db) -> dict[str, int]:
    """Two historical notes for Sam Reed (X100001); their entry ids by note id."""
    items, results = [], []
    for note_id, day, said in (
        ("K-17", "2021-05-04", "Sleeping in his car."),
        ("K-42", "2023-09-12", "Has his own flat."),
    ):
        items.append({"id": note_id, "crn": "X100001", "reference_date": day, "text": said})
        results.append({
            "id": note_id, "schema": "case-entry/1", "reference_date": day,
            "contact": {"date": day, "type": "office_visit", "outcome": "attended_complied"},
            "sections": {"accommodation": said}, "summary": f"Office visit: {said}",
        })  # fmt: skip
    store_historical(db, items, results)
    rebuild_history_sections(db)
    rows = db.execute("SELECT source_id, id FROM entries WHERE status = 'historical'")
    return dict(rows.fetchall())


async def test_the_case_page_shows_history_and_the_sections_built_from_it(client, db) -> None:
    ids = backfill(db)
    await sign_in(client, "olivia")
    page = await (await client.get("/cases/X100001")).text()
    assert "No contacts recorded yet." in page  # history is not a contact awaiting review
    history = page[page.index("History from earlier notes") :]
    assert history.index("Has his own flat.") < history.index("Sleeping in his car.")
    assert f'href="/entries/{ids["K-42"]}"' in history
    sections = page[page.index("Assessment sections") : page.index("History from earlier")]
    for note_id, said in (("K-42", "Has his own flat."), ("K-17", "Sleeping in his car.")):
        assert re.search(rf'{re.escape(said)} <a class="govuk-link[^"]*" '
                         rf'href="/entries/{ids[note_id]}"', sections)  # fmt: skip


async def test_a_historical_note_is_shown_read_only_and_only_to_its_officers(client, db) -> None:
    ids = backfill(db)
    await sign_in(client, "olivia")
    page = await (await client.get(f"/entries/{ids['K-17']}")).text()
    assert '<h1 class="govuk-heading-l">Historical note</h1>' in page
    assert "Historical" in page and "note K-17" in page
    assert "Submit to supervisor" not in page and "/edit/" not in page
    client.session.cookie_jar.clear()  # a different officer on the same browser
    await sign_in(client, "oscar")
    assert (await client.get(f"/entries/{ids['K-17']}")).status == 404
    assert (await client.get("/cases/X100001")).status == 404
