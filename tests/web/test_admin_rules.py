"""The admin's review of proposed rules (issue 13, part 3): a notice's clauses with their sentences,
approval leaving clauses out, withdrawal, clear messages, and nothing done without the staff login."""

from __future__ import annotations

import shutil
from pathlib import Path

import gradio as gr
import pytest

from assistant.eligibility.proposal import ProposedClause
from assistant.index.library import NoticeLibrary
from assistant.web.admin import AdminTab
from assistant.web.admin_rules import md, values_of
from assistant.web.context import WebContext

ROOT = Path(__file__).resolve().parents[2]
HUZHOU = ROOT / "eval" / "holdout" / "notices" / "101_huzhou_dianzi.txt"
NOTICE = "101_huzhou_dianzi"
QUESTION = "我在湖州，本科，2020年6月取得助理工程师，能申报电子信息工程师吗？"


@pytest.mark.unit
def test_notice_words_are_not_markup_and_values_are_words() -> None:
    assert md("**粗体**<b>x</b> [链接](http://x)") == r"\*\*粗体\*\*&lt;b&gt;x&lt;/b&gt; \[链接\]\(http://x\)"
    clause = ProposedClause(rule_id="training.hours", section="二(四)", quote="每年累计不少于90学时，专业科目不少于三分之二。",
                            hours_per_year=90, share="2/3")
    assert values_of(clause) == "每年90学时；2/3"


@pytest.fixture
def admin(make_assistant, tmp_path: Path) -> tuple[AdminTab, str]:
    """An admin tab over a library with one bundled notice and the uploaded 湖州 notice; a live login."""
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(ROOT / "knowledge" / "notices" / "000_0c0ecf8262729fd8.txt", bundled)
    assistant = make_assistant(notices_dir=bundled)
    library = NoticeLibrary(assistant)
    library.sync()
    (tmp_path / "in").mkdir()
    shutil.copy(HUZHOU, tmp_path / "in" / "upload")
    assert library.upload([(HUZHOU.name, tmp_path / "in" / "upload")])[0].status == "added"
    ctx = WebContext.of(assistant)
    ctx.library = library
    tab = AdminTab(ctx)
    tab._password = "pw"
    return tab, ctx.sessions.open("10.0.0.1")


@pytest.mark.integration
def test_review_approve_leaving_a_clause_out_then_withdraw(admin: tuple[AdminTab, str]) -> None:
    tab, session = admin
    review, assistant = tab.review, tab.ctx.assistant
    assert (f"{assistant.rule_proposals.get(NOTICE).label}（待审核）", NOTICE) in review.choices()
    summary, rows, keep, round = review.show(NOTICE, session)
    assert "待审核" in summary and "国家基本标准" in summary and round == 2025
    cutoff = next(r for r in rows if r[4] == "cutoff.seniority")
    assert cutoff[1] == "2024-12-31" and cutoff[2] == "二(三)" and "2024年12月31日" in cutoff[3]
    assert "training.hours" in keep["value"] and all(r[3] for r in rows)  # every clause with its sentence

    kept = [k for k in keep["value"] if k != "training.hours"]
    *_, message = review.approve(NOTICE, kept, round, session)
    assert "已批准" in message and "未采用 1 条" in message
    book = assistant.eligibility().rules
    assert "cutoff.seniority" in book.notices[NOTICE].clauses and "training.hours" not in book.notices[NOTICE].clauses
    assert assistant.ask(QUESTION, generate=False).assessment["years"]["cutoff_rule"] == "cutoff.seniority"

    *_, message = review.withdraw(NOTICE, session)
    assert "已撤回" in message and NOTICE not in assistant.eligibility().rules.notices
    after = assistant.ask(QUESTION, generate=False).assessment
    assert after["pending"]["notice_id"] == NOTICE
    with pytest.raises(gr.Error, match="尚未批准"):
        review.withdraw(NOTICE, session)


@pytest.mark.integration
def test_review_needs_the_login_and_a_chosen_notice(admin: tuple[AdminTab, str]) -> None:
    tab, session = admin
    for action in (lambda s: tab.review.show(NOTICE, s), lambda s: tab.review.approve(NOTICE, [], 2025, s),
                   lambda s: tab.review.withdraw(NOTICE, s)):
        with pytest.raises(gr.Error, match="登录"):
            action("forged-token")
    assert tab.review.refresh("forged-token")["choices"] == []
    assert tab.ctx.assistant.rule_proposals.get(NOTICE).status == "proposed"  # nothing approved
    with pytest.raises(gr.Error, match="选择"):
        tab.review.approve(None, [], 2025, session)
    with pytest.raises(gr.Error, match="没有规则建议"):
        tab.review.approve("999_unknown", [], 2025, session)


@pytest.mark.integration
def test_metadata_shown_with_its_source_and_corrected_only_when_logged_in(admin: tuple[AdminTab, str]) -> None:
    tab, session = admin
    panel = tab.metadata
    rows = {r[0]: r for r in panel.show(NOTICE, session)}
    assert rows["评审年度"][1] == "2025" and rows["评审年度"][2] != "—"  # with the text it was read from
    fields, picker, message = panel.correct(NOTICE, "issuer", "湖州市人力资源和社会保障局", session)
    assert "已更正" in message and picker["value"] == NOTICE
    issuer = next(r for r in fields if r[0] == "发文单位")
    assert issuer[1] == "湖州市人力资源和社会保障局" and "管理员更正" in issuer[2]
    with pytest.raises(gr.Error, match="发文日期应写作"):
        panel.correct(NOTICE, "issue_date", "去年", session)
    with pytest.raises(gr.Error):
        panel.correct(NOTICE, "title", "x", None)  # no login, no change
    assert tab.ctx.assistant.store.notice(NOTICE).title != "x"
