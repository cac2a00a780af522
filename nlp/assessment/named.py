"""People the notes name by first name only, and the role an earlier note gave them.

Notes introduce the people around the person once ("his aunt, Lorraine, who is his
appointee", "her husband Dean") and then use the first name alone ("Chloe and Lorraine
are the people who matter most to him"). The cues read roles from words like "aunt" in
the same sentence, so such a later sentence answers nothing. Here every note of the
person is read for names given a role, and a sentence saying that named people matter
most answers "people who matter" by their roles, only when every name in it has one.
The same roles say who the person lives with when a note names the other person only
("He and Michelle rent a house", "Lee has been living with him since October", "still
at Gemma's, on the sofa").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# Role words, and the option of "people who matter" each one is.
_ROLES = {
    "PARTNER_INTIMATE_RELATIONSHIP": (
        "partner girlfriend boyfriend wife husband fiance fiancee fiancé fiancée"
    ),
    "FAMILY": (
        "mum mother dad father sister brother aunt auntie uncle nan nana gran granny "
        "grandmother grandfather grandad cousin niece nephew stepdad stepmum stepfather "
        "stepmother"
    ),
    "CHILD_PARENTAL_RESPONSIBILITIES": "son daughter",
    "FRIENDS": "friend",
}
_ROLE_OF = {word: option for option, words in _ROLES.items() for word in words.split()}
_ROLE_WORD = "|".join(sorted(_ROLE_OF, key=len, reverse=True))
_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"

# "his aunt, Lorraine", "her husband Dean", "a girlfriend, Chloe", "their daughter Isla"
_ROLE_THEN_NAME = re.compile(
    rf"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Aa]) (?:new |older |younger |elder |best |late )?"
    rf"({_ROLE_WORD}),? ({_NAME})\b"
)
# "Lorraine, his aunt,"
_NAME_THEN_ROLE = re.compile(rf"\b({_NAME}), (?:his|her|their) ({_ROLE_WORD})\b")
# "Chloe and Lorraine are the people who matter most to him", "Sam is the one person who
# means the most to her"
_MATTER = re.compile(
    rf"\b((?:{_NAME})(?:(?:, | and )(?:{_NAME}))*) (?:is|are) the (?:one |only |two |three )?"
    r"(?:person|people|ones?) (?:who |that )?(?:matters?|means?) (?:the )?most\b"
)


def name_roles(texts: Iterable[str], own_names: frozenset[str]) -> dict[str, str]:
    """Each first name the notes give exactly one role, as its "people who matter" option;
    a name given two roles, or one of the person's own, is left out."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        pairs = [(m.group(2), m.group(1)) for m in _ROLE_THEN_NAME.finditer(text)]
        pairs += [(m.group(1), m.group(2)) for m in _NAME_THEN_ROLE.finditer(text)]
        for name, word in pairs:
            seen.setdefault(name, set()).add(_ROLE_OF[word.lower()])
    return {
        name: next(iter(options))
        for name, options in seen.items()
        if len(options) == 1 and name.lower() not in own_names
    }


def who_matters(text: str, roles: Mapping[str, str]) -> list[tuple[int, int, list[str]]]:
    """(start, end, options) of each sentence part saying named people matter most, when
    every name in it has a role."""
    found = []
    for match in _MATTER.finditer(text):
        names = re.findall(_NAME, match.group(1))
        if names and all(n in roles for n in names):
            options = list(dict.fromkeys(roles[n] for n in names))
            found.append((match.start(), match.end(), options))
    return found


# The household option each role gives (a son or daughter's age is not known here).
_HOUSEHOLD = {"PARTNER_INTIMATE_RELATIONSHIP": "PARTNER", "FAMILY": "FAMILY", "FRIENDS": "FRIENDS"}
# "He and Michelle rent ...", "Lee has been living with him", "lives with Gemma", "still
# at Gemma's, on the sofa"
_LIVES_WITH_NAMED = re.compile(
    rf"\b(?:[Hh]e|[Ss]he) and ({_NAME}) (?:rent|own|live|share|are buying|have bought)\b"
    rf"|\b({_NAME}) (?:has been |is |now |still )*(?:living|lives|staying|stays) with (?:him|her)\b"
    rf"|\b(?:lives|living|staying|stays|moved in) with ({_NAME})\b(?!'s)"
    rf"|\b(?:staying|still|living|sleeping|stopping) (?:at|on) ({_NAME})'s\b"
    r"(?!,? (?:most|some|a few|two|three|four|one) nights|,? at (?:the )?weekends?)"
)


def who_lives_with(text: str, roles: Mapping[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, living_with option) for each named person the note says the person
    lives with, when the notes gave that name a role."""
    found = []
    for match in _LIVES_WITH_NAMED.finditer(text):
        name = next(g for g in match.groups() if g)
        option = _HOUSEHOLD.get(roles.get(name, ""))
        if option:
            found.append((match.start(), match.end(), option))
    return found
