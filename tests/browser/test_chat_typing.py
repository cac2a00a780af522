"""Text typed while the previous message is still sending stays in the box."""

from __future__ import annotations

import pytest

from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
NEXT = "outcome acceptable absence"


def test_typing_the_next_message_during_a_send_keeps_it(server, browser):
    context = browser.new_context()
    page = context.new_page()
    sign_in(page, server, "olivia")
    page.goto(server + "/")
    held = []
    page.route(
        lambda url: url.rstrip("/") == server,
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.fill("#text", "help")
    page.click("#send")
    for _ in range(50):  # until the send is on its way (held here)
        if held:
            break
        page.wait_for_timeout(100)
    page.fill("#text", NEXT)  # the officer carries on while the answer is on its way
    held[0].continue_()
    page.wait_for_selector("#transcript li:has-text('Name a person')")
    page.wait_for_function("() => !document.querySelector('#send').disabled")
    # Only the text that was sent is cleared; a send now would not be an empty message.
    assert page.input_value("#text") == NEXT
    assert page.evaluate("() => document.activeElement.id") == "text"  # still typing there
    page.reload()
    assert page.input_value("#text") == NEXT  # and the browser's copy of it is kept too
    context.close()
