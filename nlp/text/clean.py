"""Dictation clean-up ("comma", "full stop", "erm") with a map back to what the officer wrote."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in `text`."""
    return frozenset(text.split())


# One layer of the map: (clean_start, clean_end, source_start, source_end, copied). A copied
# segment maps character for character (case may differ); any other maps as a whole.
Segment = tuple[int, int, int, int, bool]


@dataclass(frozen=True)
class _Layer:
    segments: tuple[Segment, ...]
    starts: tuple[int, ...]
    clean_len: int
    source_len: int

    def start(self, pos: int) -> int:
        """Source offset where a span starting at clean offset `pos` starts."""
        if pos >= self.clean_len:
            return self.source_len
        # segments are contiguous, so the last one starting at or before pos holds it
        c0, _c1, s0, _s1, copied = self.segments[bisect.bisect_right(self.starts, pos) - 1]
        return s0 + (pos - c0) if copied else s0

    def end(self, pos: int) -> int:
        """Source offset where a span ending at clean offset `pos` ends."""
        if pos <= 0:
            return 0
        c0, _c1, s0, s1, copied = self.segments[bisect.bisect_left(self.starts, pos) - 1]
        return s0 + (pos - c0) if copied else s1


class _Builder:
    """Accumulates output text and the segments that map it back to its source."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.length = 0

    def copy(self, start: int, end: int, text: str | None = None) -> None:
        if end <= start:
            return
        piece = self.source[start:end] if text is None else text
        last = self.segments[-1] if self.segments else None
        if last and last[4] and last[1] == self.length and last[3] == start:
            self.segments[-1] = (last[0], self.length + len(piece), last[2], end, True)
        else:
            self.segments.append((self.length, self.length + len(piece), start, end, True))
        self.parts.append(piece)
        self.length += len(piece)

    def replace(self, start: int, end: int, text: str) -> None:
        self.segments.append((self.length, self.length + len(text), start, end, False))
        self.parts.append(text)
        self.length += len(text)

    def layer(self) -> tuple[str, _Layer]:
        text = "".join(self.parts)
        segments = tuple(self.segments) or ((0, 0, 0, len(self.source), False),)
        starts = tuple(s[0] for s in segments)
        return text, _Layer(segments, starts, len(text), len(self.source))


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text, the text it came from, and the map between the two."""

    text: str
    original: str
    dictated: bool = False
    _layers: tuple[_Layer, ...] = field(default=(), repr=False, compare=False)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the span of `original` it came from."""
        start = min(max(start, 0), len(self.text))
        end = min(max(end, start), len(self.text))
        empty = start == end
        for layer in self._layers:  # outermost (last applied) first
            start, end = layer.start(start), (layer.start(end) if empty else layer.end(end))
            end = max(start, end)
        return start, min(end, len(self.original))


# Whitespace other than space and newline, control and format characters, lone surrogates.
_ODD = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]|[^\\S\n ]"
)
_DELETE = frozenset("\xad\u061c\u180e\ufeff\ufff9\ufffa\ufffb") | {
    chr(c) for c in [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070)]
}


def _normalise(text: str) -> tuple[str, _Layer] | None:
    """Odd whitespace to spaces, line separators to newlines, invisible marks removed."""
    if _ODD.search(text) is None:
        return None
    out = _Builder(text)
    pos = 0
    for m in _ODD.finditer(text):
        i, ch = m.start(), m.group()
        out.copy(pos, i)
        if ch == "\r" and text[i + 1 : i + 2] == "\n" or ch in _DELETE:
            out.replace(i, i + 1, "")
        elif ch in "\r\x85\u2028\u2029\x0b\x0c":
            out.copy(i, i + 1, "\n")
        elif "\ud800" <= ch <= "\udfff":
            out.copy(i, i + 1, "\ufffd")
        else:
            out.copy(i, i + 1, " ")
        pos = i + 1
    out.copy(pos, len(text))
    return out.layer()


_PUNCT = {
    "full stop": ".",
    "fullstop": ".",
    "period": ".",
    "comma": ",",
    "question mark": "?",
    "exclamation mark": "!",
    "exclamation point": "!",
    "colon": ":",
    "semicolon": ";",
    "semi colon": ";",
    "new paragraph": "\n\n",
    "next paragraph": "\n\n",
    "new line": "\n",
    "next line": "\n",
    "open bracket": "(",
    "close bracket": ")",
    "open quote": '"',
    "close quote": '"',
}
_COMMAND = re.compile(
    r"(?<![\w'’-])(?P<cmd>full[\s-]*stop|period|comma|question\s+mark|exclamation\s+(?:mark|point)"
    r"|semi[\s-]*colon|colon|new\s+paragraph|next\s+paragraph|new\s+line|next\s+line"
    r"|open\s+(?:bracket|brackets|paren|parenthesis|parentheses)"
    r"|(?:close|closed|end|close\s+the)\s+(?:bracket|brackets|paren|parenthesis|parentheses)"
    r"|(?:open|begin)\s+quotes?|(?:close|end)\s+quotes?|unquote)(?![\w'’-])",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"(?<![\w'’-])(?:[Ee]r+m+|[Uu]m+|[Uu]h+|[Ee]r+|[Hh]mm+)(?![\w'’-])(?:[ \t]*,)?"
)
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[,.;:?!)](?:\s|$))")
_TYPED_STOP = re.compile(r"[.!?](?:\s|$)")
_PREV_WORD = re.compile(r"([\w'’]+)[ \t]*$")
_NEXT_WORD = re.compile(r"[ \t]*([\w'’]+)")
_LOWER_I = re.compile(r"(?<![\w'’-])i(?=(?:['’](?:m|ve|ll|d))?(?![\w'’-]|\.\w))")

_DETERMINERS = _words("a an the this that these those his her their my your our its any each every")
# Words before "period" that make it a length of time, not a full stop.
_PERIOD_WORDS = _DETERMINERS | _words(
    """short long trial probation probationary licence license supervision waiting notice
    grace review same whole entire initial first second final extended custodial
    sentence assessment qualifying settling cooling two three four six"""
)


def _command_key(raw: str) -> str:
    key = re.sub(r"[\s-]+", " ", raw.lower())
    if "bracket" in key or "paren" in key:
        return "open bracket" if key.startswith("open") else "close bracket"
    if "quote" in key:
        return "open quote" if key.startswith(("open", "begin")) else "close quote"
    return key


def _is_command(text: str, m: re.Match[str]) -> bool:
    key = _command_key(m.group("cmd"))
    before = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
    prev = before.group(1).lower() if before else ""
    after = _NEXT_WORD.match(text, m.end())
    nxt = after.group(1).lower() if after else ""
    if key == "period":
        return prev not in _PERIOD_WORDS and nxt not in ("of", "when", "where", "in", "since")
    if prev in _DETERMINERS:
        return False  # "a full stop", "his colon", "his new line manager"
    if key == "colon":
        return nxt not in ("cancer", "surgery", "problems", "condition")
    return True


def _dictated(commands: list[tuple[re.Match[str], str]], text: str) -> bool:
    """Whether the text was dictated: spoken punctuation in place of typed punctuation."""
    strong = sum(1 for _m, key in commands if key not in ("period", "colon"))
    score = strong + 0.5 * (len(commands) - strong)
    if score >= 2:
        return True
    return score >= 1 and len(_TYPED_STOP.findall(text)) <= 1


_ATTACH_LEFT = frozenset(
    {
        "full stop",
        "fullstop",
        "period",
        "comma",
        "question mark",
        "exclamation mark",
        "exclamation point",
        "colon",
        "semicolon",
        "semi colon",
        "close bracket",
        "close quote",
    }
)
_ATTACH_RIGHT = frozenset({"open bracket", "open quote"})
_FILLER_KEY = "filler"
_SPACE_KEY = "space"


def _dictation(text: str) -> tuple[str, _Layer] | None:
    commands = [
        (m, _command_key(m.group("cmd"))) for m in _COMMAND.finditer(text) if _is_command(text, m)
    ]
    if not commands or not _dictated(commands, text):
        return None
    events = [(m.start(), m.end(), key) for m, key in commands]
    events += [(m.start(), m.end(), _FILLER_KEY) for m in _FILLER.finditer(text)]
    events += [(m.start(), m.end(), _SPACE_KEY) for m in _SPACE_BEFORE_PUNCT.finditer(text)]
    events.sort()
    out = _Builder(text)
    sentence_starts = [0]  # output offsets after which the next letter starts a sentence
    pos = 0
    n = len(text)
    for start, end, key in events:
        if start < pos:
            continue
        rep = _PUNCT.get(key, "")
        newline = rep.startswith("\n")
        left, right = start, end
        if key == _FILLER_KEY or key in _ATTACH_LEFT or newline:
            while left > pos and text[left - 1] in " \t":
                left -= 1
        if newline or key in _ATTACH_RIGHT or (key == _FILLER_KEY and left == start):
            while right < n and text[right] in " \t":
                right += 1
        if key == _FILLER_KEY and right < n and (text[right].isalnum() or text[right] in "'’"):
            left = start  # "he erm,she": keep a space between the words either side
        if key in _ATTACH_LEFT and rep and text[right : right + 1] == rep:
            right += 1  # "full stop." from a recogniser that typed the stop as well
        out.copy(pos, left)
        if left < start:
            out.replace(left, start, "")
        out.replace(start, end, rep)
        if right > end:
            out.replace(end, right, "")
        if rep and rep[-1] in ".?!\n":
            sentence_starts.append(out.length)
        pos = right
    out.copy(pos, n)
    cleaned, layer = out.layer()
    return _capitalise(cleaned, sentence_starts), layer


def _capitalise(text: str, after: list[int]) -> str:
    """Upper-case sentence starts and the pronoun "i", one character for one."""
    chars = list(text)
    for pos in after:
        for i in range(pos, len(chars)):
            ch = chars[i]
            if ch.isalpha():
                if len(ch.upper()) == 1:
                    chars[i] = ch.upper()
                break
            if not (ch.isspace() or ch in "\"'(“‘"):
                break
    for m in _LOWER_I.finditer(text):
        chars[m.start()] = "I"
    return "".join(chars)


def clean(text: str) -> Cleaned:
    """Clean up a note: odd whitespace and hostile runs and chunks (`defuse`) always; spoken
    punctuation and fillers when dictated."""
    from nlp.text.defuse import blank_dense, collapse_runs, split_long  # builds on this module
    from nlp.text.homophones import fix_homophones  # builds on this module

    layers: list[_Layer] = []
    current = text
    done = None
    for step in (_normalise, collapse_runs, blank_dense, split_long, fix_homophones, _dictation):
        done = step(current)
        if done is not None:
            current, layer = done
            layers.append(layer)
    # `done` is the last step's answer: whether the note was dictated.
    return Cleaned(current, text, done is not None, tuple(reversed(layers)))
