"""What the applicant and the LLM see: Markdown with the sources by notice title and section (the
baseline always labelled as such), never a rule id or file name; what staff see: the same with them;
the LangChain tool over the Profile schema, and the service the chat calls."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from conftest import PYTHON

from assistant.eligibility import Assessment, EligibilityService, Profile, render_assessment
from eligibility.casefile import load_cases
from eligibility.shown import leaks

pytestmark = pytest.mark.unit

TODAY = date(2024, 6, 1)
ACCEPTANCE = "我是本科毕业，2019年7月取得助理工程师，在南通一家民营钢厂做技术，能报今年的冶金工程中级吗？"


def test_acceptance_rendering(service: EligibilityService) -> None:
    assessment, _ = service.handle(ACCEPTANCE, today=TODAY)
    text = render_assessment(assessment)
    assert text.startswith("**结论：可以申报**")
    assert "自2019年7月（取得助理工程师）计至2023年12月31日（资历截止日，《南通市2024年度冶金工程中级评审》二(四)）" in text
    assert "国家基本标准，不是通知原文" in text and "评委会" in text
    assert "**请您确认**" in text and "处分" in text and "继续教育" in text
    assert "“受到党纪、政务、行政处分的人员，在影响期内不得申报职称评审。”" not in text  # open checks: cited, not quoted
    assert "（《南通市2024年度冶金工程中级评审》一(三)）" in text
    assert leaks(text) == []
    staff = render_assessment(assessment, details=True)
    assert "[baseline.engineer.bachelor]" in staff and "[excluded.discipline]" in staff and "[training.hours]" in staff
    assert "《南通市2024年度冶金工程中级评审》一(三)（000_0c0ecf8262729fd8.txt §一(三)）" in staff


def test_applicants_never_see_rule_ids_or_file_names(rules) -> None:
    """Issue 13, part 4: across every case, the applicant's view names notices by title and section only."""
    from assistant.eligibility import assess

    for case in load_cases():
        assessment = assess(case.profile(), rules, case.today)
        assert leaks(render_assessment(assessment)) == [], case.name
        if assessment.reasons:
            assert f"[{assessment.reasons[0].rule_id}]" in render_assessment(assessment, details=True)


def test_not_eligible_quotes_the_notice(service: EligibilityService) -> None:
    assessment, _ = service.handle("我是公务员，能申报吗", today=TODAY)
    text = render_assessment(assessment)
    assert assessment.verdict == "not_eligible" and not assessment.questions
    assert "“公务员（含列入参照公务员法管理单位的工作人员）、离退休人员不得申报评审。”" in text


def test_needs_info_lists_the_questions(service: EligibilityService) -> None:
    assessment, _ = service.handle("我能评工程师吗", today=TODAY)
    text = render_assessment(assessment)
    assert "**还需要您告诉我**" in text and "最高学历" in text and "哪年哪月" in text and "哪个城市" in text


def test_the_baseline_is_never_a_notice_source(rules) -> None:
    from assistant.eligibility import assess

    for case in load_cases():
        for reason in assess(case.profile(), rules, case.today).reasons:
            if reason.rule_id.startswith("baseline."):
                assert [s.kind for s in reason.sources] == ["national_baseline"]
                assert "评委会" in reason.sources[0].advice
            if reason.sources and reason.sources[0].kind == "national_baseline":
                assert "国家基本标准" in render_assessment(Assessment(verdict="eligible", summary="", reasons=[reason]))


def test_json_has_a_top_level_verdict(service: EligibilityService) -> None:
    assessment, _ = service.handle(ACCEPTANCE, today=TODAY)
    data = assessment.model_dump(mode="json")
    assert data["verdict"] == "eligible" and data["years"]["reached_on"] == "2023-07"


def test_structured_tool(service: EligibilityService) -> None:
    from langchain_core.tools import StructuredTool

    tool = service.tool()
    assert isinstance(tool, StructuredTool) and tool.name == "assess_eligibility" and tool.args_schema is Profile
    args = {"region": "南通", "series": "冶金工程", "target_title": "工程师", "education": "本科",
            "current_title": "助理工程师", "current_title_date": "2019-07"}
    assert tool.invoke(args).startswith("**结论：可以申报**")
    message = tool.invoke({"type": "tool_call", "id": "call-1", "name": tool.name, "args": args})
    assert isinstance(message.artifact, Assessment) and message.artifact.verdict == "eligible"
    assert "current_title_date" in tool.tool_call_schema.model_json_schema()["properties"]


def test_wants(service: EligibilityService) -> None:
    _, profile = service.handle("我能评工程师吗", today=TODAY)
    assert service.wants("本科，助理工程师5年，能申报工程师吗")
    assert service.wants("本科，2019年7月取得助工", profile)
    assert not service.wants("南通的评审费是多少？", profile)
    assert not service.wants("本科", None)
    # read as asking a notice's date or count: no assessment, unless the asker speaks of their own case
    assert not service.wants("本科取得助理工程师后几年可以申报工程师？", asks_fact=True)
    assert service.wants("我2019年7月取得助理工程师，本科，最早什么时候可以报工程师？", asks_fact=True)


def test_importing_reads_no_rules() -> None:
    code = ("import assistant.eligibility, assistant.eligibility.tool\n"
            "from assistant.eligibility.parse import default_parser\n"
            "print(default_parser.cache_info().currsize)")
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "0", result.stderr
