"""The highlights on the note say what each span of words supports, status included: a
highlight reading "Alcohol use need" over "still not drinking" would tell the officer the
opposite of the entry."""

from __future__ import annotations

from assistant.views.present import marked_note

NOTE = "Still not drinking. Asked about self-harm, none. Sofa surfing at a mate's."


def _span(words: str) -> dict:
    start = NOTE.index(words)
    return {"text": words, "start": start, "end": start + len(words)}


def test_each_highlight_names_the_status_it_supports() -> None:
    data = {
        "needs": [
            {"area": "alcohol_use", "status": "no_need", "evidence": [_span("Still not drinking")]},
            {"area": "accommodation", "status": "need", "evidence": [_span("Sofa surfing")]},
        ],
        "risk_flags": [
            {"code": "self_harm", "status": "negated", "evidence": _span("Asked about self-harm")}
        ],
    }
    marks = {text: labels for text, labels in marked_note(NOTE, data) if labels}
    assert marks == {
        "Still not drinking": ["Alcohol use: no need"],
        "Asked about self-harm": ["Self-harm flag (ruled out)"],
        "Sofa surfing": ["Accommodation need"],
    }


def test_assessment_sections_are_named_as_the_assessment_names_its_areas() -> None:
    from types import SimpleNamespace

    from assistant.views.present import entry_view

    data = {"sections": {"relationships_community": "Her ex has been messaging her again."}}
    entry = SimpleNamespace(
        id=1, data=data, status="draft", current_version=1, note_text=NOTE, crn="X1"
    )
    view = entry_view(entry, editable=False)
    assert list(view["sections"]) == ["Personal relationships and community"]
