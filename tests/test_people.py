"""Resolving people on probation from names, aliases, misspellings and CRNs."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.people.caseload import Caseload, CaseloadError, CaseloadPerson, PersonMatch
from nlp.people.subject import find_subject

FIXTURE = Path(__file__).parent / "fixtures" / "caseload.csv"

JOHN_MERCER, JOAN_MERCER, JONATHAN = "E512309", "E518822", "J640217"
CRAIG_LOMAX, TANYA_LOMAX = "K227841", "K229956"
SIOBHAN, OWEN_NYE = "R773014", "R781166"
RAVI_PATEL, MEENA_PATEL = "P590231", "P594417"
STEPHEN_KEARNEY, STEFAN_KEARNS = "K771025", "K774389"


@pytest.fixture(scope="module")
def caseload() -> Caseload:
    return Caseload.from_csv(FIXTURE)


@pytest.mark.parametrize(
    ("name", "crn"),
    [
        ("John Mercer", JOHN_MERCER),
        ("joan mercer", JOAN_MERCER),
        ("Jon Mercer", JOHN_MERCER),  # "Jon" is a nickname of John, not of Joan
        ("Johnny", JOHN_MERCER),  # alias
        ("Jo", JOAN_MERCER),  # alias
        ("jo mercer", JOAN_MERCER),
        ("Jonno", JONATHAN),
        ("jon merritt", JONATHAN),
        ("Mercer, Joan", JOAN_MERCER),
        ("Siobhan Fitzgerald-Nye", SIOBHAN),
        ("siobhan fitzgerald nye", SIOBHAN),
        ("Fitzgerald-Nye", SIOBHAN),
        ("Mr Nye", OWEN_NYE),  # the whole surname beats part of a double-barrelled one
        ("Ciaran O'Doherty", "T305589"),
        ("ciaran odoherty", "T305589"),
        ("Ciarán O’Doherty", "T305589"),  # accents and a curly apostrophe
        ("Niamh D'Souza", "T318874"),
        ("Kwame Asante-Boateng", "B904417"),
        ("KB", "B904417"),
        ("Agnieska Zielinska", "Z847201"),  # misspelt forename
        ("Tomasz Nowiki", "N416650"),  # misspelt surname
        ("Quenby", "Q118904"),  # a surname nobody else has
        ("Ms Quenby", "Q118904"),
        ("Debs", "Q118904"),
        ("Steve Kearney", STEPHEN_KEARNEY),
        ("k771025", STEPHEN_KEARNEY),  # CRN, any case
        ("W207736", "W207736"),
        ("Bill", "W207736"),  # alias
        ("Mark Fletcher", "M660193"),
        ("Louis Maguire", "M931806"),
        ("Lewis McCready", "M925548"),
    ],
)
def test_lookup_resolves_one_person(caseload: Caseload, name: str, crn: str) -> None:
    match = caseload.lookup(name)
    assert match.crn == crn
    assert match.score is not None and match.score >= caseload.cutoff
    assert match.candidates == ()


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("Mr Lomax", {CRAIG_LOMAX, TANYA_LOMAX}),
        ("Lomax", {CRAIG_LOMAX, TANYA_LOMAX}),
        ("Patel", {RAVI_PATEL, MEENA_PATEL}),
        ("Mercer", {JOHN_MERCER, JOAN_MERCER}),
        ("J Mercer", {JOHN_MERCER, JOAN_MERCER}),
        ("Jon", {JOHN_MERCER, JONATHAN}),  # a nickname of both John and Jonathan
        ("Stephen Kearns", {STEPHEN_KEARNEY, STEFAN_KEARNS}),  # half of each
    ],
)
def test_lookup_ambiguous_gives_candidates(
    caseload: Caseload, name: str, candidates: set[str]
) -> None:
    match = caseload.lookup(name)
    assert match.crn is None
    assert {c.crn for c in match.candidates} >= candidates
    assert match.to_json()["candidates"]


@pytest.mark.parametrize("name", ["Bob Marley", "Mr Bloggs", "X999999", "Zed", "", "   "])
def test_lookup_unknown_is_none(caseload: Caseload, name: str) -> None:
    match = caseload.lookup(name)
    assert match.crn is None
    assert all(c.score < caseload.cutoff for c in match.candidates)


@pytest.mark.parametrize(
    ("text", "crn"),
    [
        ("Craig Lomax attended the office today and engaged well.", CRAIG_LOMAX),
        ("Home visit to Tanya. The flat was tidy and Tanya was in good spirits.", TANYA_LOMAX),
        ("note for jon mercer erm office visit today full stop he was on time", JOHN_MERCER),
        ("note for siobhan fitzgerald nye home visit full stop she was in", SIOBHAN),
        ("ciaran o doherty came in at ten full stop no concerns", "T305589"),
        ("ms d souza rang to say she is unwell", "T318874"),
        ("I saw Joan this morning. Her partner John was arrested on Friday.", JOAN_MERCER),
        ("Tanya attended. She said her husband Craig is drinking again.", TANYA_LOMAX),
        ("Jo rang in sick, absence accepted.", JOAN_MERCER),
        ("Will attended today. He will start his course next week.", "W207736"),
        ("Mark is doing well. He has a mark on his arm from the weekend.", "M660193"),
        ("Bill attended and said he had paid his electricity bill.", "W207736"),
        ("Sandy attended the office. The path outside was sandy and wet.", "S853140"),
        ("when did Mark last test positive", "M660193"),
        ("TC w/ Az re his hostel place", "A330672"),
        ("Mr Nye attended on time.", OWEN_NYE),
        ("Mrs Joan Mercer rang to rearrange.", JOAN_MERCER),
        (
            "Saw Owen today. He says Craig Lomax from his estate has been threatening him. "
            "Craig has been reported to the police.",
            OWEN_NYE,  # the person seen, not the one talked about
        ),
        (
            "Aaron Whitlock attended. He is spending time with Dominic Baptiste again.",
            "A330672",
        ),
        ("Ms Fitzgerald-Nye did not attend today", SIOBHAN),
        ("OV - Z847201 ATTC, UA neg.", "Z847201"),
        ("Tomasz Nowiki attended late.", "N416650"),  # misspelt surname, capitalised
        ("Agnieska attended and was settled.", "Z847201"),  # misspelt forename, capitalised
        ("Lewis attended. Louis came in later to drop off paperwork.", "M925548"),
        ("Keeley Andrews's partner Owen came with her today.", "A164093"),
        ("Owen attended today. Owen said his girlfriend Keeley is pregnant.", OWEN_NYE),
        ("Saw Gem this morning: no issues. Debs's review is next week.", "Q118904"),
        ("new contact for will", "W207736"),  # a short prompt: "for will" names Will
        ("show me sandy's record", "S853140"),  # a possessive is a name, even lower case
        ("log a call with grant", "G415528"),
        ("hv sandy 4pm all ok at the flat", "S853140"),  # a terse note opens with whom
        ("ov will 10am fine, ua neg", "W207736"),
        # an official named by rank is never the person, whatever surname they share
        ("OV Craig today. I emailed DS Tanya Lomax about his bail.", CRAIG_LOMAX),
    ],
)
def test_find_subject_resolves_the_subject(caseload: Caseload, text: str, crn: str) -> None:
    match = find_subject(caseload, text)
    assert match is not None
    assert match.crn == crn
    assert match.start is not None and match.end is not None
    assert text[match.start : match.end] == match.name


@pytest.mark.parametrize(
    ("text", "candidates"),
    [
        ("Mr Lomax attended on time.", {CRAIG_LOMAX, TANYA_LOMAX}),
        ("J Mercer attended", {JOHN_MERCER, JOAN_MERCER}),
        ("Saw Tanya and Craig at the house today.", {CRAIG_LOMAX, TANYA_LOMAX}),
        ("john mercer and joan mercer both attended today", {JOHN_MERCER, JOAN_MERCER}),
        ("Stephen Kearns attended", {STEPHEN_KEARNEY, STEFAN_KEARNS}),
    ],
)
def test_find_subject_unclear_gives_candidates(
    caseload: Caseload, text: str, candidates: set[str]
) -> None:
    match = find_subject(caseload, text)
    assert match is not None and match.crn is None
    assert {c.crn for c in match.candidates} >= candidates


@pytest.mark.parametrize(
    "text",
    [
        "her ex-partner Dean turned up at the flat and the police were called",
        "he will grant access to the flat in May",  # ordinary words that are names here
        "mark it as an FTA and send a warning letter",
        "he said he may bill the council for the repairs",
        "the path was sandy and the grant was paid",
        "PoP attended on time, UA negative, TC booked",
        "his brother Tom was arrested on Friday",  # a relative, not the Tom on the caseload
        "Letter sent. I emailed PC Lomax on the IOM team to ask about police contact.",
        "hv to the flat, sandy floor everywhere",
        "seen on 3 dec at the office",  # "dec" is a month here
        "",
        "12345 !!! ...",
    ],
)
def test_find_subject_names_nobody(caseload: Caseload, text: str) -> None:
    assert find_subject(caseload, text) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [("Mr Bloggs attended today", "Mr Bloggs"), ("X999999 attended today", "X999999")],
)
def test_find_subject_name_that_fits_nobody(caseload: Caseload, text: str, name: str) -> None:
    match = find_subject(caseload, text)
    assert match == PersonMatch(
        name, None, None, (), text.index(name), text.index(name) + len(name)
    )
    assert match.to_json() == {"name": name, "crn": None, "match_score": None, "candidates": []}


def test_person_json_matches_contract(caseload: Caseload) -> None:
    match = caseload.lookup("Craig Lomax")
    assert match.to_json() == {"name": "Craig Lomax", "crn": CRAIG_LOMAX, "match_score": 100.0}
    open_match = caseload.lookup("Lomax").to_json()
    assert open_match["crn"] is None and open_match["match_score"] is None
    assert {c["crn"] for c in open_match["candidates"]} == {CRAIG_LOMAX, TANYA_LOMAX}
    assert set(open_match["candidates"][0]) == {"crn", "name", "score"}


def test_caseload_reads_fixture(caseload: Caseload) -> None:
    with FIXTURE.open(encoding="utf-8") as rows:
        assert len(caseload) == len(list(csv.DictReader(rows))) >= 35
    person = caseload.get("w207736")
    assert person == CaseloadPerson(
        "W207736", "William Hardcastle", ("Will", "Bill", "Billy"), "1992-08-05"
    )
    assert caseload.get("Z000000") is None
    assert sum(1 for _ in caseload) == len(caseload)


def _write(tmp_path: Path, content: str | bytes, name: str = "people.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,fullname\nX1,A B\n", "caseload CSV must have columns crn,name (found: id,fullname)"),
        ("", "caseload CSV is empty"),
        ("\n\n", "caseload CSV is empty"),
        ("crn,name\nX123456,\n", "line 2: crn and name must both be filled in"),
        ("crn,name\nX123456,Ann Lee\nx123456,Bo Lee\n", "line 3: CRN X123456 is already on line 2"),
        (b"crn,name\nX123456,Ren\xe9e Lee\n", "not UTF-8"),
        ('crn,name\nX123456,"Ann\n', "cannot be read"),
    ],
)
def test_bad_csv_raises_one_line_error(tmp_path: Path, content: str | bytes, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(CaseloadError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Caseload.from_csv(path)
    try:
        Caseload.from_csv(path)
    except CaseloadError as exc:
        assert "\n" not in str(exc)


def test_missing_csv_raises(tmp_path: Path) -> None:
    with pytest.raises(CaseloadError, match="not found"):
        Caseload.from_csv(tmp_path / "nope.csv")


def test_csv_tolerates_bom_blank_lines_extra_columns(tmp_path: Path) -> None:
    content = (
        "\ufeffName , CRN,team,Aliases\n\n"
        "Ann  Lee , x123456 ,North, Annie ; AL\n"
        ",,,\n"
        "Bo Kerr,Y654321,South\n"
    )
    caseload = Caseload.from_csv(_write(tmp_path, content))
    assert list(caseload) == [
        CaseloadPerson("X123456", "Ann Lee", ("Annie", "AL")),
        CaseloadPerson("Y654321", "Bo Kerr"),
    ]
    assert caseload.lookup("annie").crn == "X123456"


def test_from_people_and_thresholds() -> None:
    people = [
        CaseloadPerson("A000001", "Rosa Hargreaves"),
        CaseloadPerson("A000002", "Rosa Hargreave"),
    ]
    caseload = Caseload.from_people(people)
    assert caseload.lookup("Rosa Hargreaves").crn == "A000001"  # exact beats nearly
    assert caseload.lookup("Rosa Hargraeves").crn is None  # a slip from both
    assert Caseload.from_people(people, margin=0.5).lookup("Rosa Hargraeves").crn == "A000001"
    assert Caseload.from_people(people, cutoff=100.5).lookup("Rosa Hargreaves").crn is None


def test_large_caseload_builds_fast(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    firsts = ["Adam", "Beth", "Carl", "Dina", "Eoin", "Faye", "Gus", "Hana", "Ivan", "Jude"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["crn", "name"])
        for i in range(50_000):
            code = "".join(letters[(i // 10) // 26**k % 26] for k in range(3))
            writer.writerow([f"Q{i:06d}", f"{firsts[i % 10]} Mc{code.title()}ington"])
    started = time.perf_counter()
    caseload = Caseload.from_csv(path)
    assert time.perf_counter() - started < 5.0  # about 0.5 s on an idle machine
    person = caseload.get("Q043211")
    assert person is not None and caseload.lookup(person.name).crn == "Q043211"
    assert find_subject(caseload, "Saw Q000042 today") == PersonMatch(
        "Q000042", "Q000042", 100.0, (), 4, 11
    )


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_find_subject_never_raises(caseload: Caseload, text: str) -> None:
    match = find_subject(caseload, text)
    if match is not None and match.start is not None and match.end is not None:
        assert text[match.start : match.end] == match.name


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["jon", "Mercer", "Mr", "lomax", "will", "Bill", "D'Souza", "o", "neill", "and", "."]
            + ["E512309", "fitzgerald", "nye", "Siobhan", "her", "partner", "the", ",", "Jo"]
        ),
        max_size=12,
    )
)
def test_find_subject_never_raises_on_name_soup(caseload: Caseload, words: list[str]) -> None:
    text = " ".join(words)
    match = find_subject(caseload, text)
    if match is not None and match.start is not None:
        assert text[match.start : match.end] == match.name


@pytest.mark.parametrize("written", ["Mr Kearn", "Kearn"])
def test_a_slip_that_starts_two_surnames_is_not_guessed(written: str) -> None:
    """'Kearn' is one letter from Kearns and the start of Kearney: ask, never guess."""
    from nlp.people.caseload import Caseload, CaseloadPerson

    caseload = Caseload.from_people(
        [CaseloadPerson("K100001", "Stephen Kearney"), CaseloadPerson("K100002", "Stefan Kearns")]
    )
    match = caseload.lookup(written)
    assert match.crn is None
    assert {c.crn for c in match.candidates} == {"K100001", "K100002"}
    assert caseload.lookup("Stefan Kearn").crn == "K100002"


def test_a_known_forename_with_a_stranger_surname_is_not_them() -> None:
    """'Tom Bell' when the caseload's Tom is Tomasz Nowicki: a different person, not a guess."""
    from nlp.people.caseload import Caseload, CaseloadPerson

    caseload = Caseload.from_people([CaseloadPerson("N100001", "Tomasz Nowicki", ("Tom",))])
    found = find_subject(caseload, "Tom Bell attended the office today.")
    assert found is not None and found.crn is None and found.name == "Tom Bell"
    assert find_subject(caseload, "Tom attended the office today.").crn == "N100001"


@pytest.mark.parametrize(
    "text",
    [
        "new contact for darren fletcher",  # the caseload's Fletcher is Mark
        "Seen today with Darren Fletcher from the hostel.",
        "write up the call with keith dempsey",  # the caseload's Dempsey is Grant
    ],
)
def test_a_surname_after_another_first_name_is_someone_else(caseload: Caseload, text: str) -> None:
    """A surname alone names its one person only when no other first name stands before it."""
    found = find_subject(caseload, text)
    assert found is not None and found.crn is None


@pytest.mark.parametrize(
    ("text", "crn"),
    [
        ("new contact for fletcher", "M660193"),  # a surname alone still resolves
        ("new contact for marky fletcher", "M660193"),  # a nickname of his own first name
        ("Will Fletcher be coming in? Fletcher rang.", "M660193"),  # "Will" is a word here
        ("saw dempsey and his mate darren", "G415528"),
    ],
)
def test_a_surname_with_no_stranger_first_name_still_resolves(
    caseload: Caseload, text: str, crn: str
) -> None:
    found = find_subject(caseload, text)
    assert found is not None and found.crn == crn


@pytest.mark.parametrize(
    ("text", "crn"),
    [
        ("crn k227 841", "K227841"),
        ("CRN: K 227841", "K227841"),
        ("case K-227-841 please", "K227841"),
        ("K227841", "K227841"),
    ],
)
def test_a_crn_typed_with_spaces_or_hyphens(caseload: Caseload, text: str, crn: str) -> None:
    found = find_subject(caseload, text)
    assert found is not None and found.crn == crn


@pytest.mark.parametrize("text", ["tel 01632 960 123", "ref K2278415", "room 12 340 567"])
def test_other_numbers_are_no_crn(caseload: Caseload, text: str) -> None:
    assert find_subject(caseload, text) is None


def _mark_and_aaron() -> Caseload:
    return Caseload.from_people(
        [
            CaseloadPerson("M100001", "Mark Fenwick"),
            CaseloadPerson("A100002", "Aaron Holt", ("Az",)),
        ]
    )


@pytest.mark.parametrize(
    "gloss",
    ["Marcus (ETE worker, Growth Company)", "Marcus, the ETE worker,", "Marcus (Az's mentor)"],
)
def test_a_name_glossed_with_a_role_is_someone_else(gloss: str) -> None:
    """A worker introduced by role, named again and again, does not outvote the person."""
    caseload = _mark_and_aaron()
    text = (
        f"ETE session – Aaron Holt – seen by {gloss} at the office. Marcus did a CV with him. "
        "Az struggled with the forms, so Marcus found him a literacy class. Marcus will ring."
    )
    assert find_subject(caseload, text).crn == "A100002"


def test_a_relative_named_later_by_first_name_stays_someone_else() -> None:
    """'his son Mark ... Mark was arrested ... Mark's room': the son, not the caseload's Mark."""
    caseload = _mark_and_aaron()
    text = (
        "HV – Az – 10:00. His son Mark lives with him. Mark was arrested on Friday and "
        "the police searched Mark's room. Mark has been bailed."
    )
    assert find_subject(caseload, text).crn == "A100002"


def test_a_relation_word_ending_the_sentence_before_is_no_gloss() -> None:
    """'... back at his dad's. Mark said' names Mark, not Mark's dad."""
    caseload = _mark_and_aaron()
    text = "Mark attended. He is back at his dad's. Mark said he is fine."
    found = find_subject(caseload, text)
    assert found is not None and found.crn == "M100001"
