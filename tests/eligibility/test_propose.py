"""The rule proposer (issue 13, part 3): a notice nobody wrote a rule file for gets its rule data
proposed, each field with its sentence; approved, the rule book reads it like a hand-written file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.eligibility import DEFAULT_RULES_DIR, EligibilityService, Profile, load_rules
from assistant.eligibility.approval import ProposalError, RuleProposals
from assistant.eligibility.proposal import ProposedClause, ProposedCommittee, ProposedScope, RuleProposal
from assistant.eligibility.propose import RuleProposer
from assistant.eligibility.sections import notice_sentences
from assistant.ingest.chunking import chunk_notice
from assistant.models import LoadedDocument, LoadedPage, NoticeMeta

pytestmark = pytest.mark.unit

# Written for this test: words the bundled notices do not use (截止到, 截止日期, 七十二学时, 三分之二,
# 已办理退休手续, （水利除外）) in a layout of their own.
TEXT = """关于做好2025年度全省农业工程中、初级职称评审工作的通知
各市人力资源社会保障局：
现将2025年度全省农业、林业工程（水利除外）中、初级职称评审有关事项通知如下：
一、申报对象
（一）在本省企事业单位从事农业工程技术工作，并与单位签订聘用合同的在职专业技术人员。
（二）公务员和参照公务员法管理的人员、已办理退休手续的离退休人员，不得参加评审。
（三）受到处分且仍在影响期内的人员，不得申报。
二、申报条件
（一）任职年限计算截止到2024年12月31日。
（二）论文、业绩成果的截止日期为2025年6月30日。
（三）继续教育每年不少于七十二学时，其中专业科目学时不少于三分之二。
（四）高技能人才可按贯通办法申报工程系列相应职称。
三、材料报送
申报材料经所在单位审核后报送省农业工程中级专业技术资格评审委员会。
"""
TITLE = "关于做好2025年度全省农业工程中、初级职称评审工作的通知"
NOTICE = "900_nongye"


def _meta(sha: str = "a" * 64) -> NoticeMeta:
    return NoticeMeta(notice_id=NOTICE, file_name=f"{NOTICE}.txt", title=TITLE, province="浙江省", year=2025,
                      series=["农业工程"], levels=["中级", "初级"], sha256=sha)


def _passages(text: str = TEXT) -> list:
    doc = LoadedDocument(path=f"{NOTICE}.txt", fmt="txt", pages=[LoadedPage(number=1, text=text)])
    return chunk_notice(NOTICE, doc).passages


@pytest.fixture(scope="module")
def proposer() -> RuleProposer:
    return RuleProposer.build(DEFAULT_RULES_DIR)


@pytest.fixture(scope="module")
def proposal(proposer: RuleProposer) -> RuleProposal:
    return proposer.propose(_meta(), _passages())


def test_sentences_carry_their_sections() -> None:
    sections = {s.body: s.section for s in notice_sentences(_passages())}
    assert sections["任职年限计算截止到2024年12月31日。"] == "二(一)"
    assert sections["受到处分且仍在影响期内的人员，不得申报。"] == "一(三)"
    assert sections[TITLE] == "引言"


def test_cutoffs_are_read_from_their_own_clauses(proposal: RuleProposal) -> None:
    seniority, materials = proposal.clauses["cutoff.seniority"], proposal.clauses["cutoff.materials"]
    assert (seniority.date, seniority.section, seniority.quote) == (date(2024, 12, 31), "二(一)", "任职年限计算截止到2024年12月31日")
    assert (materials.date, materials.section) == (date(2025, 6, 30), "二(二)")


def test_training_values_in_chinese_numerals(proposal: RuleProposal) -> None:
    assert proposal.clauses["training.hours"].hours_per_year == 72
    assert proposal.clauses["training.professional_share"].share == "2/3"


def test_exclusions_and_routes(proposal: RuleProposal) -> None:
    expected = {"eligibility.in_service": "一(一)", "excluded.civil_servant": "一(二)", "excluded.retired": "一(二)",
                "excluded.discipline": "一(三)", "route.high_skill": "二(四)"}
    assert {k: proposal.clauses[k].section for k in expected} == expected
    assert not {"ladder.step_by_step", "route.private_young_talent", "excluded.discipline_xj"} & set(proposal.clauses)


def test_scope_and_committee(proposal: RuleProposal) -> None:
    scope = proposal.scope
    assert scope is not None and scope.section == "引言"
    assert set(scope.series) == {"农业工程", "林业工程"} and scope.series_excluded == ["水利工程"]
    assert set(scope.levels) == {"工程师", "助理工程师", "技术员"}
    assert proposal.committee is not None and proposal.committee.name == "省农业工程中级专业技术资格评审委员会"


def test_every_quote_is_the_notices_own_words(proposal: RuleProposal) -> None:
    for clause in proposal.clauses.values():
        assert clause.quote in TEXT and clause.section, clause.rule_id


def test_a_notice_without_rules_gets_none(proposer: RuleProposer) -> None:
    bare = proposer.propose(_meta(), _passages(f"{TITLE}\n一、报送地址\n请于6月1日前将材料送至市人社局。\n"))
    assert bare.clauses == {} and bare.committee is None


def test_no_field_without_its_source() -> None:
    with pytest.raises(ValidationError):
        ProposedClause(rule_id="cutoff.seniority", section="", quote="", date=date(2024, 12, 31))
    with pytest.raises(ValidationError):  # a value its quote does not say
        ProposedClause(rule_id="cutoff.seniority", section="二(一)", quote="任职年限计算截止到2024年12月31日",
                       date=date(2023, 12, 31))
    with pytest.raises(ValidationError):
        ProposedClause(rule_id="training.hours", section="二(三)", quote="继续教育每年不少于七十二学时", hours_per_year=90)
    with pytest.raises(ValidationError):
        ProposedCommittee(section="三", quote="报送省评委会。", name="省农业工程中级专业技术资格评审委员会")
    with pytest.raises(ValidationError):
        ProposedScope(section="标题", quote=TITLE)


def test_approved_rules_are_read_like_hand_written_ones(tmp_path: Path, proposal: RuleProposal) -> None:
    store = RuleProposals(tmp_path)
    store.offer(proposal)
    assert load_rules(DEFAULT_RULES_DIR, store.approved_dir).notices.get(NOTICE) is None  # proposed only
    approved = store.approve(NOTICE, reviewer="admin", leave_out=["route.high_skill"])
    assert approved.status == "approved" and store.get(NOTICE) == approved
    rules = load_rules(DEFAULT_RULES_DIR, store.approved_dir).notices[NOTICE]
    assert rules.clauses["cutoff.seniority"].date == date(2024, 12, 31) and "route.high_skill" not in rules.clauses
    assert rules.round == 2025 and rules.region.province == "浙江省"
    store.withdraw(NOTICE)
    assert NOTICE not in load_rules(DEFAULT_RULES_DIR, store.approved_dir).notices


def test_the_assessment_cites_an_approved_notice(tmp_path: Path, proposal: RuleProposal) -> None:
    store = RuleProposals(tmp_path)
    store.offer(proposal)
    store.approve(NOTICE)
    service = EligibilityService(DEFAULT_RULES_DIR, approved_dir=store.approved_dir)
    profile = Profile(notice_id=NOTICE, education="本科", current_title="助理工程师", current_title_date="2019-06",
                      target_title="工程师", series="农业工程")
    assessment = service.assess(profile, today=date(2025, 3, 1))
    assert assessment.years is not None and assessment.years.cutoff == date(2024, 12, 31)
    quotes = {s.quote for r in assessment.reasons for s in r.sources if s.notice_id == NOTICE}
    assert "任职年限计算截止到2024年12月31日" in quotes


def test_a_changed_notice_loses_its_approval(tmp_path: Path, proposer: RuleProposer, proposal: RuleProposal) -> None:
    store = RuleProposals(tmp_path)
    store.offer(proposal)
    store.approve(NOTICE)
    assert store.offer(proposal).status == "approved"  # the same version: the approval stands
    changed = proposer.propose(_meta(sha="b" * 64), _passages(TEXT.replace("2024年12月31日", "2024年9月30日")))
    assert store.offer(changed).status == "proposed"
    assert not (store.approved_dir / f"{NOTICE}.yaml").exists()


def test_approval_needs_a_round_year_and_a_safe_id(tmp_path: Path, proposal: RuleProposal) -> None:
    store = RuleProposals(tmp_path)
    store.offer(proposal.model_copy(update={"round": None}))
    with pytest.raises(ProposalError):
        store.approve(NOTICE)
    assert store.approve(NOTICE, round=2025).round == 2025
    with pytest.raises(ProposalError):
        store.approve("../../etc/passwd")


def test_the_bundled_notices_rule_files_are_recovered() -> None:
    """The measurement of ``python -m eval rules``: recall of the hand-written fields, and no quote
    that is not the notice's own words."""
    from eval.rules import RECALL_TARGET, run

    report = run()
    assert report["recall"] >= RECALL_TARGET and report["verbatim"] == 1.0, report["by_field"]


def test_before_approval_the_assessment_uses_the_baseline_and_quotes_the_notice(proposal: RuleProposal) -> None:
    """Issue 13, part 3: under a notice whose rules await review, the assessment says it uses the
    national baseline, cites no other notice, and quotes that notice's own sentences."""
    from assistant.eligibility import render_assessment

    service = EligibilityService(DEFAULT_RULES_DIR, pending=[proposal.pending()])
    profile = Profile(notice_id=NOTICE, series="农业工程", target_title="工程师", education="本科",
                      current_title="助理工程师", current_title_date="2020-06")
    assessment = service.assess(profile, date(2025, 3, 1))
    assert assessment.pending is not None and assessment.pending.label == proposal.label
    cited = {s.notice_id for r in assessment.reasons for s in r.sources if s.kind == "notice"}
    assert cited <= {NOTICE}  # not the sentences of the bundled notices
    assert assessment.years is not None and assessment.years.cutoff == date(2024, 12, 31)  # the round's year
    quotes = {s.quote for s in assessment.pending.sources}
    assert {c.quote for c in proposal.clauses.values()} == quotes
    text = render_assessment(assessment)
    assert "尚未经工作人员审核" in text and "国家基本标准" in text and f"《{proposal.label}》" in text
    assert all(f"“{q}”" in text for q in quotes)
    assert NOTICE not in text and ".txt" not in text and "[baseline." not in text
    assert f"（{NOTICE}.txt，cutoff.seniority）" in render_assessment(assessment, details=True)


def test_an_approved_or_hand_written_notice_is_not_pending(proposal: RuleProposal, tmp_path: Path) -> None:
    store = RuleProposals(tmp_path)
    store.offer(proposal)
    approved = store.approve(NOTICE, reviewer="admin")
    service = EligibilityService(DEFAULT_RULES_DIR, approved_dir=store.approved_dir, pending=[approved.pending()])
    assert NOTICE in service.rules.notices and service.rules.pending == {}
    assessment = service.assess(Profile(notice_id=NOTICE, target_title="工程师", education="本科"))
    assert assessment.pending is None and assessment.notice_label == proposal.label
