"""SAN's questions as data: codes as SAN spells them, our labels, every cue a real option."""

from __future__ import annotations

from nlp import model
from nlp.assessment.questions import catalogue


def test_areas_are_the_contract_areas_in_assessment_order() -> None:
    cat = catalogue()
    assert [a.area for a in cat.areas] == list(model.NEED_AREAS[:3]) + [
        "drug_use",
        "alcohol_use",
        "health_wellbeing",
        "relationships_community",
        "thinking_behaviours_attitudes",
    ]
    assert set(a.area for a in cat.areas) == set(model.NEED_AREAS)
    assert cat.version == "san-form-1.0"


def test_practitioner_analysis_codes_follow_sans_prefixes() -> None:
    area = catalogue().area("relationships_community")
    codes = [area.analysis_code(s) for s, _ in area.analysis]
    assert codes == [
        "personal_relationships_community_practitioner_analysis_strengths_or_protective_factors",
        "personal_relationships_community_practitioner_analysis_risk_of_serious_harm",
        "personal_relationships_community_practitioner_analysis_risk_of_reoffending",
    ]


def test_every_cue_answer_is_an_option_of_its_question() -> None:
    cat = catalogue()
    for rule in cat.rules:
        for answers in rule.by_status.values():
            for code, value in answers.items():
                assert value in cat.question(code).options, (rule.id, code, value)


def test_every_contract_substance_maps_to_a_san_drug() -> None:
    cat = catalogue()
    drugs = cat.question("select_misused_drugs").options
    assert set(cat.substances) == set(model.SUBSTANCES)
    assert all(code in drugs for code in cat.substances.values())


def test_dependencies_name_real_options() -> None:
    cat = catalogue()
    for q in cat.index.values():
        if q.depends:
            parent, value = q.depends
            assert value in cat.question(parent).options, q.code
        for code in q.stale_after:
            assert code in cat.index, q.code
