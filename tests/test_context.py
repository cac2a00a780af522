"""Tests for the ConText-style assertion classifier (nlp/context/assertion.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from nlp.context.assertion import (
    STATUSES,
    Assertion,
    ContextRules,
    TargetNotFound,
    Trigger,
    assert_span,
    classify_target,
    make_context_nlp,
    register_extensions,
)
from nlp.context.match import token_columns

FIXTURE = Path(__file__).parent / "fixtures" / "context_sentences.jsonl"


@pytest.fixture(scope="module")
def ctx_nlp() -> spacy.language.Language:
    return make_context_nlp()


@pytest.fixture(scope="module")
def rules() -> ContextRules:
    return ContextRules.load()


def status(ctx_nlp, rules, text: str, target: str, label: str = "") -> str:
    return classify_target(ctx_nlp, text, target, rules, label).status


CLINICAL = [
    ("The patient denies chest pain.", "chest pain", "negated"),
    ("No evidence of pneumonia.", "pneumonia", "negated"),
    ("He was ruled out for MI.", "MI", "negated"),
    ("MI was ruled out.", "MI", "negated"),
    ("Afebrile, presented without fever or rigors.", "rigors", "negated"),
    ("Biopsy negative for malignancy.", "malignancy", "negated"),
    ("No signs or symptoms of infection.", "infection", "negated"),
    ("No fever, chills, or cough.", "cough", "negated"),
    ("Denies headache, photophobia, neck stiffness, nausea, vomiting, or rash.", "rash", "negated"),
    ("Lungs clear without wheezes, rales, or rhonchi.", "rhonchi", "negated"),
    ("Pulmonary embolism is unlikely.", "Pulmonary embolism", "negated"),
    ("Chest pain denied.", "Chest pain", "negated"),
    ("Extremities: no edema.", "edema", "negated"),
    ("Cultures were negative.", "Cultures", "negated"),
    ("No pericardial effusion is identified.", "pericardial effusion", "negated"),
    ("Neither fever nor chills were reported.", "chills", "negated"),
    ("The rash has resolved.", "rash", "negated"),
    ("No other complaints.", "complaints", "negated"),
    ("Patient never smoked.", "smoked", "negated"),
    ("The patient declined a flu vaccine.", "flu vaccine", "negated"),
    ("Absent pedal pulses bilaterally.", "pedal pulses", "negated"),
    ("These cells lack expression of CD4.", "CD4", "negated"),
    ("Negative Murphy's sign.", "Murphy's sign", "negated"),
    ("CT to r/o pulmonary embolism.", "pulmonary embolism", "hypothetical"),
    ("Cannot rule out pneumonia.", "pneumonia", "hypothetical"),
    ("Pneumonia could not be ruled out.", "Pneumonia", "hypothetical"),
    ("Findings are suspicious for malignancy.", "malignancy", "hypothetical"),
    ("Return to the ED if chest pain recurs.", "chest pain", "hypothetical"),
    ("The patient has a history of hypertension.", "hypertension", "historical"),
    ("Status post appendectomy.", "appendectomy", "historical"),
    ("The patient's mother has diabetes.", "diabetes", "other_person"),
    ("He was found to have pneumonia.", "pneumonia", "present"),
    ("Patient is a 45 year old male with diabetes.", "diabetes", "present"),
    ("The mass is not enlarged.", "mass", "present"),
]


@pytest.mark.parametrize(("text", "target", "expected"), CLINICAL)
def test_clinical_sentences(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


PROBATION = [
    ("He denies using brown or rock.", "rock", "negated"),
    ("No concerns about his drinking.", "drinking", "negated"),
    ("He does not use cannabis.", "cannabis", "negated"),
    ("He has never used heroin.", "heroin", "negated"),
    ("UA neg for opiates.", "opiates", "negated"),
    ("Says he hasn't touched spice since leaving prison.", "spice", "negated"),
    ("No further offending reported.", "offending", "negated"),
    ("Drugs: denies.", "Drugs", "negated"),
    ("Tag - no problems.", "Tag", "negated"),
    ("He has had no contact with the victim.", "contact", "negated"),
    ("Tested negative for cocaine and positive for cannabis.", "cocaine", "negated"),
    ("Tested negative for cocaine and positive for cannabis.", "cannabis", "present"),
    ("He admitted using cocaine at the weekend.", "cocaine", "present"),
    ("He is not using heroin any more.", "heroin", "historical"),
    ("He says he is no longer drinking.", "drinking", "historical"),
    ("He has been clean from heroin for eighteen months.", "heroin", "historical"),
    ("He has stayed off heroin since his release.", "heroin", "historical"),
    ("He gave up crack two years ago.", "crack", "historical"),
    ("He used cocaine in 2021.", "cocaine", "historical"),
    ("He used heroin daily until 2019.", "heroin", "historical"),
    ("he used to inject heroin before his prison sentence", "heroin", "historical"),
    ("He used cocaine yesterday.", "cocaine", "present"),
    ("He used heroin in 2019 and again last week.", "heroin", "present"),
    ("He is worried he might lose his tenancy.", "tenancy", "hypothetical"),
    ("If he is evicted he will go to his mum's.", "evicted", "hypothetical"),
    ("There is a risk of relapse into heroin use.", "heroin", "hypothetical"),
    ("He will be recalled if he uses heroin again.", "heroin", "hypothetical"),
    ("Should he breach his curfew again he will be returned to court.", "breach", "hypothetical"),
    ("He would like to reduce his cannabis use.", "cannabis", "present"),
    ("He has not stopped using crack.", "crack", "present"),
    ("Children's services are not involved with the family.", "Children's services", "negated"),
    ("Social services not currently involved.", "Social services", "negated"),
    ("The family is not known to social services.", "social services", "negated"),
    ("Children's services are no longer involved.", "Children's services", "historical"),
    ("Children's services involved since the baby was born.", "Children's services", "present"),
]


@pytest.mark.parametrize(("text", "target", "expected"), PROBATION)
def test_probation_sentences(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


OTHER_PERSON = [
    ("His partner uses cocaine.", "cocaine", "other_person"),
    ("His girlfriend is still using crack.", "crack", "other_person"),
    ("His mates all smoke weed.", "weed", "other_person"),
    ("He lives with his brother who deals cocaine.", "cocaine", "other_person"),
    ("His ex-partner has a history of heroin use.", "heroin", "other_person"),
    ("He reports his sister uses cocaine.", "cocaine", "other_person"),
    # the other person is the subject of the negation: still their business, not his
    ("His partner does not use cocaine.", "cocaine", "other_person"),
    # ... but here the denial is about the claim
    ("He denies that his partner uses cocaine.", "cocaine", "negated"),
    # reporters and companions are not the subject of the mention
    ("His mum says he has been drinking heavily again.", "drinking", "present"),
    ("His partner reported that he had been drinking.", "drinking", "present"),
    ("Mother denies fever.", "fever", "negated"),
    ("He and his partner used cocaine at the weekend.", "cocaine", "present"),
    ("No family history of diabetes.", "diabetes", "negated"),
    ("Family history of breast cancer.", "breast cancer", "other_person"),
]


@pytest.mark.parametrize(("text", "target", "expected"), OTHER_PERSON)
def test_other_person(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


PSEUDO = [
    ("No increase in pain.", "pain"),
    ("No change in the nodule.", "nodule"),
    ("Not only fever but also rash.", "fever"),
    ("Gram negative rods.", "rods"),
    ("Not certain if he has used spice.", "spice"),
    ("He has no doubt that he relapsed on heroin.", "heroin"),
    ("He has no idea where his brother is getting the spice from.", "spice"),
    ("Negative peers remain a concern.", "peers"),
]


@pytest.mark.parametrize(("text", "target"), PSEUDO)
def test_pseudo_negation_does_not_negate(ctx_nlp, rules, text, target):
    assert status(ctx_nlp, rules, text, target) != "negated"


TERMINATION = [
    ("No fever but has a productive cough.", "cough", "present"),
    ("She reports nausea but denies vomiting.", "nausea", "present"),
    ("Denies heroin, admits cannabis most evenings.", "cannabis", "present"),
    ("No evidence of metastatic disease; a new lesion is noted in the liver.", "lesion", "present"),
    ("Denies pain, although he appears uncomfortable.", "uncomfortable", "present"),
    ("He has no contact with his partner who uses heroin.", "heroin", "other_person"),
    ("History of heroin use, currently using crack.", "crack", "present"),
    ("The patient has no fever and has a sore throat.", "sore throat", "present"),
]


@pytest.mark.parametrize(("text", "target", "expected"), TERMINATION)
def test_terminators_end_scope(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


DICTATED = [
    ("he said he has not used heroin he has been smoking cannabis every day", "cannabis"),
    ("no drugs he is using cannabis daily to help him sleep", "cannabis"),
    ("no concerns raised today attended on time and brought his payslips and rent book", "rent"),
    ("he denies using heroin at all and he reports that work is going well and cannabis", "work"),
]


@pytest.mark.parametrize(("text", "target"), DICTATED)
def test_scope_stops_in_unpunctuated_dictation(ctx_nlp, rules, text, target):
    assert status(ctx_nlp, rules, text, target) == "present"


# A conditional or a worry reaches to the end of its clause, the consequent ("he will ...")
# included; a new subject with a plain verb, a reporting clause, "but" or ";" ends it.
HYPOTHETICAL_CLAUSES = [
    (
        "She fears that if the landlord sells up she will end up homeless.",
        "homeless",
        "hypothetical",
    ),
    (
        "If his benefits are sanctioned he would struggle to pay the gas bill.",
        "gas bill",
        "hypothetical",
    ),
    (
        "He worries that if the agency drops him he'll get behind with his council tax.",
        "council tax",
        "hypothetical",
    ),
    (
        "I am concerned that her anxiety could return if the hearing goes badly.",
        "anxiety",
        "hypothetical",
    ),
    (
        "If the factory cuts shifts over the summer he will be made redundant.",
        "redundant",
        "hypothetical",
    ),
    (
        "In case the bail hostel is full, the council could house him in a bed and breakfast.",
        "bed and breakfast",
        "hypothetical",
    ),
    ("A further positive test would lead to a breach of his order.", "breach", "hypothetical"),
    ("If he is recalled I will let the police know.", "police", "hypothetical"),
    (
        "If he gets the flat he will move in on Monday, but he is sofa surfing for now.",
        "sofa surfing",
        "present",
    ),
    (
        "He could lose his tenancy; his rent arrears are now over nine hundred pounds.",
        "rent arrears",
        "present",
    ),
    (
        "if he gets the flat he will move in next week his mum says he has been drinking every day",
        "drinking",
        "present",
    ),
    (
        "he might be offered agency work he has been using cannabis every night",
        "cannabis",
        "present",
    ),
    (
        "she could be evicted if she falls behind again and she is in rent arrears already",
        "rent arrears",
        "present",
    ),
    ("He would like to find work in a warehouse.", "work", "present"),
    ("He could not attend because he was unwell.", "unwell", "present"),
    ("She was worried about her rent arrears.", "rent arrears", "present"),
]


@pytest.mark.parametrize(("text", "target", "expected"), HYPOTHETICAL_CLAUSES)
def test_hypothetical_reaches_the_end_of_its_clause(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


def test_clause_scope_is_capped_and_runs_over_consequents(tmp_path, ctx_nlp):
    path = tmp_path / "rules.json"
    hypothetical = {"category": "HYPOTHETICAL", "direction": "FORWARD", "max_scope": 6}
    path.write_text(
        json.dumps(
            {
                "categories": {"HYPOTHETICAL": {"status": "hypothetical", "priority": 20}},
                "rules": [
                    {"literal": "if", "scope": "clause", **hypothetical},
                    {"literal": "perhaps", **hypothetical},
                    {"literal": "he will", "direction": "TERMINATE", "ends_clause": False},
                ],
            }
        )
    )
    rules = ContextRules.load(str(path))
    assert status(ctx_nlp, rules, "if it rains he will skip", "skip") == "hypothetical"
    assert status(ctx_nlp, rules, "perhaps it rains he will skip", "skip") == "present"
    assert status(ctx_nlp, rules, "if one two three four five six seven", "six") == "hypothetical"
    assert status(ctx_nlp, rules, "if one two three four five six seven", "seven") == "present"


# "since ..." runs on to now: a date inside it does not make what came before it history.
SINCE = [
    ("Her mood got worse since she was assaulted in February.", "mood got worse", "present"),
    ("He has been drinking since his father died in 2022.", "drinking", "present"),
    ("He has been sleeping rough since his release in May.", "sleeping rough", "present"),
    ("He has not used spice since 2021.", "spice", "negated"),
    ("He has been clean from crack since 2021.", "crack", "historical"),
    ("He was sleeping rough in 2019.", "sleeping rough", "historical"),
    ("He lost his job in March.", "lost his job", "historical"),
]


@pytest.mark.parametrize(("text", "target", "expected"), SINCE)
def test_since_runs_on_to_now(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


# Recent events (up to about a month) are current for a probation record; older or explicitly
# past ones are history: "last month" and "a month ago" are recent, "two months ago" and
# "last year" are not.
RECENT_PAST = [
    ("She cut her wrists at the weekend.", "cut her wrists", "present"),
    ("He was arrested last Friday for shoplifting.", "arrested", "present"),
    ("Police interviewed him under caution on Thursday.", "under caution", "present"),
    ("He lapsed on crack last week.", "crack", "present"),
    ("Yesterday she drank a bottle of vodka.", "vodka", "present"),
    ("He relapsed on heroin the other day.", "heroin", "present"),
    ("He used cocaine a month ago.", "cocaine", "present"),
    ("He used cocaine last month.", "cocaine", "present"),
    ("He used cocaine two months ago.", "cocaine", "historical"),
    ("He used cocaine last year.", "cocaine", "historical"),
    ("He took ketamine in 2018.", "ketamine", "historical"),
    ("She self-harmed when she was younger.", "self-harmed", "historical"),
    ("He used to carry a knife.", "knife", "historical"),
    ("He drank heavily before his sentence.", "drank", "historical"),
    ("He was previously on a methadone script.", "methadone", "historical"),
    ("He was using heroin until last week.", "heroin", "historical"),
]


@pytest.mark.parametrize(("text", "target", "expected"), RECENT_PAST)
def test_recent_past_is_current(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


FUTURE_MONTHS = [
    ("He has a place on a forklift course starting in July.", "forklift course", "present"),
    ("The apprenticeship starts in October.", "apprenticeship", "present"),
    ("His trial is due in April.", "trial", "present"),
    ("He is booked onto a CSCS course in February.", "CSCS course", "present"),
    ("He will move into supported housing from next month.", "supported housing", "present"),
    ("Her hearing has been adjourned until November.", "hearing", "present"),
    ("He started college in September.", "college", "historical"),
    ("He was evicted in January.", "evicted", "historical"),
]


@pytest.mark.parametrize(("text", "target", "expected"), FUTURE_MONTHS)
def test_scheduled_months_are_not_history(ctx_nlp, rules, text, target, expected):
    assert status(ctx_nlp, rules, text, target) == expected


CHILD = "flag|child_safeguarding|cue"
OTHER_PEOPLE = [
    (
        "Some lads from the estate pressure him, and one of them carries a machete.",
        "machete",
        "flag|weapons|cue",
        "other_person",
    ),
    ("Two of them were carrying blades.", "blades", "flag|weapons|cue", "other_person"),
    ("One of his mates has a knife.", "knife", "flag|weapons|cue", "other_person"),
    ("A friend of his was stabbed last month.", "stabbed", "flag|weapons|cue", "other_person"),
    # someone else's child is someone else's business, even for child labels
    (
        "Her brother's three kids have been taken into foster care.",
        "foster care",
        CHILD,
        "other_person",
    ),
    (
        "His neighbour's kids are on a child protection plan.",
        "child protection plan",
        CHILD,
        "other_person",
    ),
    ("His girlfriend's little girl has a social worker.", "social worker", CHILD, "other_person"),
    (
        "Her partner's eldest daughter is subject to a child in need plan.",
        "child in need plan",
        CHILD,
        "other_person",
    ),
    ("His sister's children's social worker rang him.", "social worker", CHILD, "other_person"),
    ("His friend's son uses cannabis.", "cannabis", "sub|cannabis|term", "other_person"),
    # the person's own children, and an expected baby, are theirs
    ("Her son has a social worker.", "social worker", CHILD, "present"),
    ("His two children are on a child protection plan.", "child protection plan", CHILD, "present"),
    (
        "His partner's baby is due in May and children's services are involved.",
        "children's services",
        CHILD,
        "present",
    ),
    ("Children's services are involved with the family.", "involved", "", "present"),
]


@pytest.mark.parametrize(("text", "target", "label", "expected"), OTHER_PEOPLE)
def test_other_people_and_their_children(ctx_nlp, rules, text, target, label, expected):
    assert status(ctx_nlp, rules, text, target, label) == expected


def test_window_is_configurable(ctx_nlp):
    text = "he denies using spice or heroin or cocaine"
    assert status(ctx_nlp, ContextRules.load(), text, "cocaine") == "negated"
    assert status(ctx_nlp, ContextRules.load(window=4), text, "cocaine") == "present"


def test_line_breaks_separate_sentences(ctx_nlp, rules):
    text = "Drugs: denies\nAlcohol four cans a day"
    assert status(ctx_nlp, rules, text, "Drugs") == "negated"
    assert status(ctx_nlp, rules, text, "Alcohol") == "present"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("", "other_person"),
        ("child_safeguarding", "present"),
        ("RISK_CHILD_SAFEGUARDING", "present"),
    ],
)
def test_rule_types_limit_which_targets_a_cue_modifies(ctx_nlp, rules, label, expected):
    text = "His son is subject to a child protection plan."
    assert status(ctx_nlp, rules, text, "child protection plan", label) == expected


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("The patient DENIES chest pain.", "CHEST PAIN"),
        ("no   evidence of chest\t pain", "chest pain"),
        ("no evidence of chest pain", "  chest\n pain "),
        # the first "crack" is inside "Crackers": the match on token boundaries is preferred
        ("Crackers are fine, but he denies crack.", "crack"),
    ],
)
def test_target_matching(ctx_nlp, rules, text, target):
    assert status(ctx_nlp, rules, text, target) == "negated"


@pytest.mark.parametrize("target", ["cocaine", "", "   ", "chest  pain  ache"])
def test_missing_target_raises(ctx_nlp, rules, target):
    with pytest.raises(TargetNotFound) as err:
        classify_target(ctx_nlp, "The patient denies chest pain.", target, rules)
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(
    ("text", "target", "cues"),
    [
        ("The patient denies chest pain.", "chest pain", ["denies"]),
        ("  He is NOT using heroin any more.", "heroin", ["any more"]),
        ("Drug use: none.", "Drug use", [": none"]),
        ("Drug use:  none.", "Drug use", ["none"]),
        ("His partner does not use cocaine.", "cocaine", ["His partner"]),
        ("He stopped using heroin in 2019.", "heroin", ["stopped", "in 2019"]),
        ("He is fine.", "fine", []),
    ],
)
def test_triggers_quote_the_text(ctx_nlp, rules, text, target, cues):
    result = classify_target(ctx_nlp, text, target, rules)
    assert [t.text for t in result.triggers] == cues
    for trigger in result.triggers:
        assert text[trigger.start : trigger.end] == trigger.text


def test_json_shapes(ctx_nlp, rules):
    result = classify_target(ctx_nlp, "No evidence of pneumonia.", "pneumonia", rules)
    assert result.to_json() == {
        "status": "negated",
        "triggers": [
            {"text": "No evidence of", "start": 0, "end": 14, "category": "NEGATED_EXISTENCE"}
        ],
        "negated": True,
        "temporality": "recent",
        "experiencer": "person",
    }
    assert Assertion("present").to_json() == {
        "status": "present",
        "triggers": [],
        "negated": False,
        "temporality": "recent",
        "experiencer": "person",
    }
    assert Assertion.from_json(result.to_json()) == result
    assert Trigger("no", 0, 2, "NEGATED_EXISTENCE").to_json()["text"] == "no"


def test_assert_span_on_tokens(ctx_nlp, rules):
    doc = ctx_nlp("He denies heroin. He uses cannabis.")
    assert assert_span(doc, 2, 3, rules).status == "negated"
    assert assert_span(doc, 6, 7, rules).status == "present"
    with pytest.raises(IndexError):
        assert_span(doc, 3, 3, rules)


def test_component_sets_assertion_on_targets_and_ents(ctx_nlp):
    nlp = make_context_nlp()
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "SUBSTANCE", "pattern": [{"LOWER": "heroin"}]}])
    nlp.add_pipe("probation_context", config={"window": 8})
    doc = nlp("He denies heroin but his partner uses crack.")
    assert doc.ents[0]._.assertion.status == "negated"
    # stored as JSON, so a doc still serialises (nlp.pipe with n_process > 1 relies on it)
    copy = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy.ents[0]._.assertion == doc.ents[0]._.assertion
    doc = ctx_nlp("He denies heroin but his partner uses crack.")
    doc.spans["targets"] = [doc[7:8]]
    doc = nlp.get_pipe("probation_context")(doc)
    assert doc.spans["targets"][0]._.assertion.status == "other_person"
    assert doc[0:1]._.assertion is None
    register_extensions()  # idempotent


def test_custom_rules_file(tmp_path, ctx_nlp):
    path = tmp_path / "rules.json"
    path.write_text(
        json.dumps(
            {
                "categories": {"NEGATED_EXISTENCE": {"status": "negated", "priority": 40}},
                "rules": [
                    {"literal": "nope", "category": "NEGATED_EXISTENCE", "direction": "FORWARD"}
                ],
            }
        )
    )
    rules = ContextRules.load(str(path))
    assert status(ctx_nlp, rules, "nope cannabis", "cannabis") == "negated"
    assert status(ctx_nlp, rules, "denies cannabis", "cannabis") == "present"
    nlp = make_context_nlp()
    nlp.add_pipe("probation_context", config={"rules_path": str(path)})


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"literal": "x", "category": "NEGATED_EXISTENCE", "direction": "SIDEWAYS"}, "direction"),
        ({"literal": "x", "category": "NOPE", "direction": "FORWARD"}, "category"),
        (
            {
                "literal": "x",
                "category": "NEGATED_EXISTENCE",
                "direction": "FORWARD",
                "pattern": [{"LOWER": {"IN": "$MISSING"}}],
            },
            "word set",
        ),
        (
            {
                "literal": "x",
                "category": "NEGATED_EXISTENCE",
                "direction": "FORWARD",
                "pattern": [{"LOWER": "x", "OP": "+"}],
            },
            "operator",
        ),
        (
            {
                "literal": "x",
                "category": "NEGATED_EXISTENCE",
                "direction": "FORWARD",
                "pattern": [{"POS": "NOUN"}],
            },
            "unsupported pattern key",
        ),
        (
            {
                "literal": "x",
                "category": "NEGATED_EXISTENCE",
                "direction": "FORWARD",
                "scope": "all",
            },
            "scope",
        ),
    ],
)
def test_bad_rules_are_refused(tmp_path, rule, message):
    path = tmp_path / "rules.json"
    categories = {"NEGATED_EXISTENCE": {"status": "negated", "priority": 40}}
    path.write_text(json.dumps({"categories": categories, "rules": [rule]}))
    with pytest.raises(ValueError, match=message):
        ContextRules.load(str(path))


def test_packaged_lexicon_is_complete(rules):
    assert len(rules.rules) > 100
    assert {c.status for c in rules.categories.values()} <= set(STATUSES)
    assert {r.direction for r in rules.rules} == {
        "FORWARD",
        "BACKWARD",
        "BIDIRECTIONAL",
        "TERMINATE",
        "PSEUDO",
    }


def _spacy_matches(rules: ContextRules, doc: Doc) -> set[tuple[int, int, int]]:
    matcher = Matcher(doc.vocab)
    for i, rule in enumerate(rules.rules):
        matcher.add(str(i), [list(rule.pattern)])
    return {(int(doc.vocab.strings[m]), s, e) for m, s, e in matcher(doc)}


LEXICON_WORDS = sorted(
    {w for r in ContextRules.load().rules for w in r.literal.lower().split()}
    | {",", ".", ";", ":", "-", "\n", "3", "2019", "He", "May", "may", "his", "mates"}
)


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(LEXICON_WORDS), min_size=1, max_size=30))
def test_indexed_matcher_finds_what_spacy_matcher_finds(ctx_nlp, rules, words):
    doc = ctx_nlp(" ".join(words))
    assert rules.patterns.match(token_columns(doc)) == _spacy_matches(rules, doc)


@pytest.mark.parametrize(
    "text",
    [
        "Negative for cocaine. Negative peers remain a concern.",
        "He has been clean from heroin for 3 months, his ex-partner's brother uses crack.",
        "no evidence of relapse he and his partner used in 2019 but not since",
    ],
)
def test_indexed_matcher_on_sentences(ctx_nlp, rules, text):
    for doc in (ctx_nlp(text), ctx_nlp.make_doc(text)):  # with and without sentence bounds
        assert rules.patterns.match(token_columns(doc)) == _spacy_matches(rules, doc)


def test_cues_are_kept_per_doc_and_never_confused(ctx_nlp):
    rules = ContextRules.load()
    doc = ctx_nlp("He denies heroin.")
    assert rules.find_cues(doc) is rules.find_cues(doc)
    # same length, different words, built and dropped one after another (ids may be reused)
    for text, expected in [
        ("He denies heroin.", "negated"),
        ("He uses heroin.", "present"),
        ("Mum uses heroin.", "other_person"),
        ("Formerly used heroin.", "historical"),
    ] * 3:
        other = ctx_nlp(text)
        assert assert_span(other, 2, 3, rules).status == expected
        del other
    # a doc changed after it was asserted is matched again
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:2])
    assert rules.find_cues(doc).triggers == ContextRules.load().find_cues(doc).triggers


def _fixture_rows() -> list[dict]:
    return [json.loads(line) for line in FIXTURE.read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("source", ["clinical", "probation", None])
def test_evaluation_fixture_stays_above_floor(ctx_nlp, rules, source):
    rows = [r for r in _fixture_rows() if source in (None, r["source"])]
    predicted = [status(ctx_nlp, rules, r["text"], r["target"]) for r in rows]
    gold = [r["status"] for r in rows]
    accuracy = sum(p == g for p, g in zip(predicted, gold, strict=True)) / len(rows)
    tp = sum(p == g == "negated" for p, g in zip(predicted, gold, strict=True))
    fp = sum(p == "negated" != g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g == "negated" != p for p, g in zip(predicted, gold, strict=True))
    assert accuracy >= 0.9
    assert 2 * tp / (2 * tp + fp + fn) >= 0.9


WORDS = [
    "no",
    "not",
    "denies",
    "his",
    "partner",
    "heroin",
    "but",
    "he",
    "if",
    "history",
    "of",
    "any",
    "more",
    "clean",
    "for",
    "r/o",
    ",",
    ".",
    "\n",
    ":",
    "-",
    "n't",
    "2019",
]
NOISE = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(before=NOISE, target=st.text(min_size=1, max_size=12), after=NOISE)
def test_classify_target_never_fails_unexpectedly(ctx_nlp, rules, before, target, after):
    text = before + target + after
    try:
        result = classify_target(ctx_nlp, text, target, rules)
    except TargetNotFound:
        assert not target.split()
        return
    assert result.status in STATUSES
    for trigger in result.triggers:
        assert text[trigger.start : trigger.end] == trigger.text
