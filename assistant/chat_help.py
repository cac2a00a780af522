"""What the chat answers to "help" and to anything it did not understand: what works, with
an example of each, so an officer learns the commands from the reply itself."""

from __future__ import annotations

from assistant.replies import Reply

LEAD = "Name a person, then type or dictate the note. Here is what else you can say:"
COMMANDS = (
    "Start a note: “new contact for Sam Reed”, then type or dictate what happened",
    "Correct the entry: “outcome failed to attend”, “type home visit”, "
    "“next appt thurs 2pm”, “drug test negative”, “enforcement warning letter”",
    "Needs, flags and actions: “finance is a need”, “remove self-harm”, “add housing referral”",
    "Change the person: “this is for Jo Reed” or “change person to Jo Reed”",
    "Throw the draft away: “discard this draft” (an administrator can restore it)",
    "Send it: “submit” sends the entry to your supervisor",
    "Find things: “my drafts”, “show X123456”, “find notes mentioning CAS3”",
    "Ask: “when did I last see Sam Reed?”, “what have I got on this week?”",
)
HELP = LEAD + " " + "; ".join(COMMANDS) + ". Every field also has a Change link."


def help_reply(understood: bool = True, said: str = "") -> Reply:
    """The commands that work; for a prompt that was not a request for help, say first that
    it was not understood (quoting a short prompt, so the officer sees what was read)."""
    lead = LEAD
    if not understood:
        quoted = f" “{said.strip()}”" if said.strip() and len(said) <= 60 else ""
        lead = f"I did not understand{quoted}. {LEAD}"
    text = lead + "\n" + "\n".join(f"- {c}" for c in COMMANDS)
    return Reply(text, {"kind": "help", "lead": lead, "commands": list(COMMANDS)})
