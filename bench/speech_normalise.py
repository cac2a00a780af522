"""Text normalisation for word error rate: two ways of writing the same words count as one.

Speech work scores a transcript after normalising both the reference and the hypothesis the
same way, so that "2:30" and "half past two", "OK" and "okay", "behavior" and "behaviour",
"didn't" and "did not" are not counted as errors: they are the same words, written
differently. This follows the published rules of Whisper's EnglishTextNormalizer (MIT:
case, brackets, fillers, contractions, titles, number words to digits, symbols, spelling
variants) and adds British forms Whisper's does not know: "half two" (2:30), "quarter to
three", "per cent", pounds. It is our own code, applied equally to both sides; it never
looks at which side it is given.

What it does not forgive: a different word ("reaches" for "breaches"), a missing or extra
word, a tense ("has not used" against "does not use"), "pm" against "o'clock".
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

FILLERS = re.compile(r"\b(hmm+|mm+|mhm|uh+|um+|er+m?|ah)\b")

# Whisper's contraction rules, most specific first; both sides are expanded the same way.
CONTRACTIONS: tuple[tuple[str, str], ...] = (
    (r"\bwon't\b", "will not"),
    (r"\bcan't\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\blet's\b", "let us"),
    (r"\bain't\b", "aint"),
    (r"\by'all\b", "you all"),
    (r"\bwanna\b", "want to"),
    (r"\bgotta\b", "got to"),
    (r"\bgonna\b", "going to"),
    (r"\bma'am\b", "madam"),
    (r"'d been\b", " had been"),
    (r"'s been\b", " has been"),
    (r"'s got\b", " has got"),
    (r"n't\b", " not"),
    (r"'re\b", " are"),
    (r"'ll\b", " will"),
    (r"'ve\b", " have"),
    (r"'m\b", " am"),
    (r"'d\b", " would"),
    (r"'s\b", " is"),
)

TITLES = {
    "mr": "mister",
    "mrs": "missus",
    "ms": "miss",
    "dr": "doctor",
    "st": "saint",
    "prof": "professor",
    "jr": "junior",
    "sr": "senior",
}

WORD_VARIANTS = {"ok": "okay", "alright": "all right"}

ONES = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fifth": 5,
    "eighth": 8,
    "ninth": 9,
    "twelfth": 12,
}
ORDINAL_WORDS |= {f"{w}th": n for w, n in ONES.items() if n >= 4 and n not in (5, 8, 9, 12)}
ORDINAL_WORDS |= {w[:-1] + "ieth": n for w, n in TENS.items()}
ORDINAL_WORDS |= {"hundredth": 100, "thousandth": 1000}


def ordinal(n: int) -> str:
    """21 -> "21st": the written form both sides of a comparison are given."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}" + {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


@cache
def spellings() -> dict[str, str]:
    """American spelling -> British spelling, for comparing words written either way."""
    text = resources.files("bench").joinpath("speech_spellings.json").read_text("utf-8")
    table: dict[str, str] = json.loads(text)["spellings"]
    shipped = resources.files("speech.resources").joinpath("british_spellings.json")
    table |= json.loads(shipped.read_text("utf-8"))["spellings"]
    return {k.lower(): v.lower() for k, v in table.items()}


def normalise(text: str) -> str:
    """The text in one canonical written form (lower case, digits, British spelling)."""
    s = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    s = re.sub(r"[<\[][^>\]]*[>\]]", " ", s)  # [inaudible], <noise>
    s = re.sub(r"\(([^)]+?)\)", " ", s)
    s = FILLERS.sub(" ", s)
    s = re.sub(r"\s+'", "'", s)
    s = re.sub(r"\bo'?clock\b", " oclock", s)
    for pattern, replacement in CONTRACTIONS:
        s = re.sub(pattern, replacement, s)
    s = re.sub(r"(\d),(\d{3})\b", r"\1\2", s)  # 1,000
    s = re.sub(r"\b(a|p)\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"(\d)\s?(am|pm)\b", r"\1 \2", s)
    s = re.sub(r"£\s?(\d+(?:\.\d+)?)", r"\1 pounds", s)
    s = re.sub(r"(\d)\s?%", r"\1 percent", s)
    s = re.sub(r"\bper cent\b", "percent", s)
    s = re.sub(r"\b(\d{1,2}):00 (am|pm)\b", r"\1 \2", s)  # 2:00pm is 2pm
    s = re.sub(r"\b(\d{1,2}):00\b", r"\1 oclock", s)
    s = re.sub(r"\b(\d{1,2}):(\d{2})\b", r"\1 \2", s)
    # British notes write times with a dot ("at 2.30"); a decimal keeps its point.
    s = re.sub(r"\b(at|from|until|till|by|before|after) (\d{1,2})\.([0-5]\d)\b", r"\1 \2 \3", s)
    s = re.sub(r"\b(\d{1,2})\.([0-5]\d) ?(am|pm)\b", r"\1 \2 \3", s)
    s = re.sub(r"\b(\d+)\.(\d+)\b", r"\1 point \2", s)
    s = re.sub(r"-", " ", s)
    s = _symbols_to_spaces(s)
    words = [TITLES.get(w, w) for w in s.split()]
    words = [WORD_VARIANTS.get(w, w) for w in words]
    words = " ".join(words).split()
    words = _numbers_to_digits(words)
    words = _times(words)
    words = [british(w) for w in words]
    return " ".join(words)


# -ize words that are not the American spelling of an -ise word.
IZE_KEPT = frozenset("size prize seize capsize maize".split())
_IZE = re.compile(r"^(\w{2,}?[iy])z(e|ed|es|ing|ation|ations|er|ers)$")


def british(word: str) -> str:
    """The British spelling of one lower-case word: the table, then -ize/-yze to -ise/-yse."""
    if word in spellings():
        return spellings()[word]
    match = _IZE.match(word)
    if match is None or f"{match.group(1)}ze" in IZE_KEPT:
        return word
    return f"{match.group(1)}s{match.group(2)}"


def _symbols_to_spaces(s: str) -> str:
    """Punctuation and symbols become spaces; accents are dropped ("café" -> "cafe")."""
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        kind = unicodedata.category(ch)
        if kind == "Mn":
            continue
        out.append(" " if kind[0] in "PSC" and ch != "'" else ch)
    return "".join(out).replace("'", "")


def _numbers_to_digits(words: list[str]) -> list[str]:
    """Runs of number words become digits: "a hundred and forty" -> "140", "twenty first" ->
    "21st"; "two thirty" stays two numbers ("2 30"), as a speaker means a time by it."""
    out: list[str] = []
    i = 0
    while i < len(words):
        value, used, is_ordinal = _read_number(words, i)
        if used == 0:
            out.append(words[i])
            i += 1
            continue
        out.append(ordinal(value) if is_ordinal else str(value))
        i += used
    return out


def _read_number(words: list[str], start: int) -> tuple[int, int, bool]:
    """(value, words used, ordinal?) of the number words from `start`; (0, 0, False) if none.

    The parse is the usual one for English: ones after tens add ("twenty one"), "hundred"
    multiplies the group before it, "thousand" closes a group, "and" only joins a multiplier
    to what follows it; anything else ends the number."""
    total, group, last = 0, 0, ""
    i = start
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "a" and last == "" and nxt in MULTIPLIERS:
            group, last = 1, "ones"
        elif w == "and" and last == "mult" and (nxt in ONES or nxt in TENS or nxt in ORDINAL_WORDS):
            pass
        elif w in ONES and (last in ("", "mult") or (last == "tens" and ONES[w] < 10)):
            group, last = group + ONES[w], "ones"
        elif w in TENS and last in ("", "mult"):
            group, last = group + TENS[w], "tens"
        elif w in MULTIPLIERS and last in ("", "ones", "tens"):
            if MULTIPLIERS[w] == 100:
                group = max(group, 1) * 100
            else:
                total, group = total + max(group, 1) * MULTIPLIERS[w], 0
            last = "mult"
        elif w in ORDINAL_WORDS and _ordinal_fits(ORDINAL_WORDS[w], last):
            value = ORDINAL_WORDS[w]
            if value >= 100:
                return total + max(group, 1) * value, i + 1 - start, True
            return total + group + value, i + 1 - start, True
        else:
            break
        i += 1
    if last == "":
        return 0, 0, False
    return total + group, i - start, False


def _ordinal_fits(value: int, last: str) -> bool:
    """Whether an ordinal word can end the number read so far ("twenty first", "hundredth")."""
    if value >= 100:
        return last in ("", "ones", "tens")
    return last in ("", "mult") or (last == "tens" and value < 10)


def _times(words: list[str]) -> list[str]:
    """British clock phrases as "H MM": "half past two", "half two" -> "2 30", "quarter
    past two" -> "2 15", "quarter to three" -> "2 45"."""
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        rest = words[i + 1 : i + 4]
        if w in ("half", "quarter") and rest[:1] == ["past"] and _hour(rest[1:2]):
            out += [rest[1], "30" if w == "half" else "15"]
            i += 3
        elif w == "half" and _hour(rest[:1]):
            out += [rest[0], "30"]
            i += 2
        elif w == "quarter" and rest[:1] == ["to"] and _hour(rest[1:2]):
            out += [str((int(rest[1]) + 10) % 12 + 1), "45"]
            i += 3
        else:
            out.append(w)
            i += 1
    return out


def _hour(words: list[str]) -> bool:
    return bool(words) and words[0].isdigit() and 1 <= int(words[0]) <= 12
