"""The vocabularies under nlp/resources/, loaded once and compiled into one cue matcher."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language

from nlp.resources import resource
from nlp.text.phrases import CueMatcher, build_matcher, literal_words


def cue_groups() -> dict[str, list[str]]:
    """Every cue phrase, grouped under the match key the assembly stages look up."""
    groups: dict[str, list[str]] = {}
    subs = resource("substances.json")
    for name, spec in subs["substances"].items():
        groups[f"sub|{name}|term"] = spec.get("terms", [])
        groups[f"sub|{name}|street"] = spec.get("street", [])
    groups["sub|cue"] = subs["drug_cues"]
    groups["sub|prescribed"] = subs["prescribed"]
    groups["sub|abstinence"] = subs["abstinence"]
    groups["sub|prescribed_context"] = subs["prescribed_context"]
    groups["sub|not_prescribed"] = subs["not_prescribed"]
    groups["sub|not_substance"] = subs.get("not_substance", [])
    for area, spec in resource("needs.json")["areas"].items():
        for role in (
            "mention",
            "need",
            "strength",
            "resolved",
            "not_after",
            "not_before",
            "not_cue",
            "anchors",
        ):
            groups[f"need|{area}|{role}"] = spec.get(role, [])
    for code, spec in resource("flags.json")["flags"].items():
        groups[f"flag|{code}|cue"] = spec["cues"]
        groups[f"flag|{code}|negated_by"] = spec.get("negated_by", [])
        groups[f"flag|{code}|present_only"] = spec.get("present_only", [])
        groups[f"flag|{code}|not_cue"] = spec.get("not_cue", [])
    groups["flag_asked"] = resource("flags.json")["asked_about"]
    actions = resource("actions.json")
    for code, phrases in actions["actions"].items():
        groups[f"act|{code}"] = phrases
    for kind, phrases in actions["doing"].items():
        groups[f"act_doing|{kind}"] = phrases
    groups["act_not"] = actions["not_doing"]
    contact = resource("contact.json")
    for ctype, spec in contact["contact_type"].items():
        for strength in ("strong", "weak"):
            groups[f"ctype|{ctype}|{strength}"] = spec[strength]
    for ctype, phrases in contact["reported_from_session"].items():
        if not ctype.startswith("_"):
            groups[f"ctype_report|{ctype}"] = phrases
    for code, phrases in contact["outcome"].items():
        groups[f"outcome|{code}"] = phrases
    for code, phrases in contact["enforcement"].items():
        groups[f"enf|{code}"] = phrases
    groups["enf_cond"] = contact["enforcement_conditional"]
    groups["outcome_blocked_after"] = contact["outcome_blocked_after"]
    groups["absence_elsewhere"] = contact["absence_elsewhere"]
    groups["outcome_recorded_as"] = contact["absence_recorded_after"]
    groups["date_not_after"] = contact["contact_date_not_after"]
    for key, phrases in contact["drug_test"].items():
        groups[f"dt|{key}"] = phrases
    for key, phrases in contact["next_appointment"].items():
        groups[f"next|{key}"] = phrases
    for key, phrases in contact["late"].items():
        groups[f"late|{key}"] = phrases
    return {k: v for k, v in groups.items() if v}


@dataclass(frozen=True)
class Vocabulary:
    """The compiled cue matcher and the words the fuzzy normaliser corrects towards."""

    matcher: CueMatcher
    fuzzy_terms: tuple[str, ...]
    protected: tuple[str, ...]

    @classmethod
    def build(cls, nlp: Language) -> Vocabulary:
        """Compile every resource against this pipeline's tokenizer and vocab."""
        groups = cue_groups()
        terms = literal_words(p for phrases in groups.values() for p in phrases)
        matcher = build_matcher(nlp.vocab, nlp.make_doc, groups)
        protected = tuple(
            resource("fuzzy.json")["protected"] + resource("fuzzy_generated.json")["protected"]
        )
        return cls(matcher=matcher, fuzzy_terms=tuple(sorted(terms)), protected=protected)
