"""The admin's review of proposed rules (issue 13, part 3), inside the knowledge admin tab.

Every uploaded notice gets its rule data proposed (:mod:`assistant.eligibility.propose`). Here the
administrator picks a notice, reads each proposed clause — the rule, the values read, the notice's
section and its own sentence — and approves the proposal, leaving out any clause, or withdraws an
approval. Approved rules are used by the assessment from the next question on; until then it uses
the national baseline and quotes the notice. Every action checks the staff login on the server,
like the rest of the admin tab (the ``require`` of :class:`assistant.web.admin.AdminTab`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cached_property

import gradio as gr

from assistant.eligibility.approval import ProposalError
from assistant.eligibility.proposal import STATUS_LABELS, ProposedClause, RuleProposal
from assistant.eligibility.rulebook import RuleInfo, load_rules
from assistant.web.context import WebContext

CLAUSE_HEADERS = ["规则", "取值", "章节", "通知原文", "规则编号"]
REVIEWER = "admin"  # one staff password: the reviewer is the administrator
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md(text: str) -> str:
    """A notice's words as Markdown text: no markup of theirs takes effect."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def values_of(c: ProposedClause) -> str:
    """The values a clause carries, in words: 2024-12-31；每年90学时；2/3 …"""
    parts = [str(c.date) if c.date else "", f"每年{c.hours_per_year:g}学时" if c.hours_per_year else "",
             c.share or "", f"{c.years:g}年" if c.years is not None else "",
             f"处分：{'、'.join(c.kinds)}以上" if c.kinds else "", "；".join(c.items)]
    return "；".join(p for p in parts if p) or "—"


def picker(require: Callable[[str | None], None], authed: str | None, choices: Callable[[], list[tuple[str, str]]],
           current: str | None) -> dict:
    """A notice picker's choices as the library is now, keeping the one chosen while it is still there
    (no choices without the staff login)."""
    try:
        require(authed)
    except gr.Error:
        return gr.update(choices=[], value=None)
    listed = choices()
    return gr.update(choices=listed, value=current if current in {v for _, v in listed} else None)


class RuleReview:
    def __init__(self, ctx: WebContext, require: Callable[[str | None], None]) -> None:
        self.ctx = ctx
        self._require = require

    @property
    def _assistant(self):
        return self.ctx.assistant

    @cached_property
    def _catalogue(self) -> dict[str, RuleInfo]:
        return load_rules(self.ctx.settings.rules_dir).catalogue

    @cached_property
    def _hand_written(self) -> set[str]:
        """Notices with a rule file written by hand: it wins over an approved proposal."""
        return set(load_rules(self.ctx.settings.rules_dir).notices)

    # ---- reading ------------------------------------------------------------------------------
    def choices(self) -> list[tuple[str, str]]:
        return [(f"{p.label}（{STATUS_LABELS[p.status]}）", p.notice_id) for p in self._assistant.rule_proposals.all()]

    def refresh(self, authed: str | None, current: str | None = None):
        """The notices to review, as the library is now (nothing when not logged in)."""
        return picker(self._require, authed, self.choices, current)

    def show(self, notice_id: str | None, authed: str | None):
        """The notice's proposal: a summary, its clauses, which are kept, and the round year."""
        self._require(authed)
        proposal = self._assistant.rule_proposals.get(notice_id) if notice_id else None
        if proposal is None:
            return "请选择一份通知查看它的规则建议。", [], gr.update(choices=[], value=[]), None
        keep = [(f"{self._rule_text(k)}（{c.section}）", k) for k, c in proposal.clauses.items()]
        kept = [k for k in proposal.clauses if k not in proposal.left_out]
        return self.summary(proposal), self.rows(proposal), gr.update(choices=keep, value=kept), proposal.round

    def rows(self, proposal: RuleProposal) -> list[list]:
        return [[self._rule_text(k), values_of(c), c.section, c.quote, k] for k, c in proposal.clauses.items()]

    def summary(self, p: RuleProposal) -> str:
        lines = [f"**{md(p.label)}**　状态：**{STATUS_LABELS[p.status]}**", f"标题：{md(p.title)}",
                 f"评审年度：{p.round or '未识别（批准前请填写）'}　共 {len(p.clauses)} 条规则建议"]
        if p.scope:
            covered = "、".join([*p.scope.series, *p.scope.levels]) or f"除{'、'.join(p.scope.series_excluded)}以外"
            lines.append(f"受理范围：{md(covered)}（{md(p.scope.section)}：“{md(p.scope.quote)}”）")
        if p.committee:
            lines.append(f"评委会：{md(p.committee.name)}（{md(p.committee.section)}）")
        if p.status == "approved":
            left = f"；未采用：{'、'.join(self._rule_text(k) for k in p.left_out)}" if p.left_out else ""
            when = p.reviewed_at.date().isoformat() if p.reviewed_at else ""
            lines.append(f"已于 {when} 批准{left}。资格评估按这些规则判断。")
        else:
            lines.append("尚未批准：资格评估按国家基本标准判断，并引用通知原文。")
        if p.notice_id in self._hand_written:
            lines.append("注意：此通知已有人工整理的规则文件，资格评估以该文件为准，批准本建议不会改变评估。")
        return "\n\n".join(lines)

    def _rule_text(self, rule_id: str) -> str:
        info = self._catalogue.get(rule_id)
        return info.text if info else rule_id

    # ---- changing -----------------------------------------------------------------------------
    def approve(self, notice_id: str | None, keep: list[str] | None, round: float | None, authed: str | None):
        """Approve the proposal without the clauses unticked (and with the round year typed in)."""
        self._require(authed)
        proposal = self._held(notice_id)
        if proposal.round is None and not round:
            raise gr.Error("这份通知没有识别出评审年度：请填写“评审年度”后再批准。")
        left_out = [k for k in proposal.clauses if k not in set(keep or [])]
        try:
            done = self._assistant.approve_rules(proposal.notice_id, REVIEWER, left_out, int(round) if round else None)
        except ProposalError as exc:
            raise gr.Error(f"未能批准：{exc}") from None
        kept = len(done.clauses) - len(done.left_out)
        message = f"已批准《{done.label}》的 {kept} 条规则" + (f"（未采用 {len(done.left_out)} 条）" if done.left_out else "")
        return (*self._after(done), f"{message}：从下一个问题起，资格评估按这些规则判断。")

    def withdraw(self, notice_id: str | None, authed: str | None):
        """Back to proposed: the assessment uses the baseline again and quotes the notice."""
        self._require(authed)
        proposal = self._held(notice_id)
        if proposal.status != "approved":
            raise gr.Error("这份通知的规则尚未批准，不需要撤回。")
        done = self._assistant.withdraw_rules(proposal.notice_id)
        return (*self._after(done), f"已撤回《{done.label}》的批准：资格评估改按国家基本标准判断，并引用通知原文。")

    def _held(self, notice_id: str | None) -> RuleProposal:
        if not notice_id:
            raise gr.Error("请先在“选择通知”中选择要审核的通知。")
        proposal = self._assistant.rule_proposals.get(notice_id)
        if proposal is None:
            raise gr.Error("这份通知没有规则建议（可能已被删除或重新导入）：请刷新列表后重选。")
        return proposal

    def _after(self, proposal: RuleProposal) -> tuple:
        kept = [k for k in proposal.clauses if k not in proposal.left_out]
        return (gr.update(choices=self.choices(), value=proposal.notice_id), self.summary(proposal),
                self.rows(proposal), gr.update(value=kept), proposal.round)

    # ---- layout -------------------------------------------------------------------------------
    def build(self, authed: gr.State) -> gr.Dropdown:
        """The review panel; returns the notice picker, which the admin tab refreshes after changes."""
        with gr.Column(elem_id="admin-rules"):
            gr.Markdown("### 审核申报条件（规则建议）\n每份导入的通知都会自动读出申报条件的建议，逐条附通知原文。"
                        "核对后批准（可取消勾选不采用的条目）；批准前，资格评估按国家基本标准判断并引用通知原文。")
            notice = gr.Dropdown([], value=None, label="选择通知", elem_id="admin-rules-notice")
            summary = gr.Markdown(elem_id="admin-rules-summary")
            clauses = gr.Dataframe(headers=CLAUSE_HEADERS, label="规则建议（每条附通知原文）", wrap=True,
                                   interactive=False, elem_id="admin-rules-clauses")
            keep = gr.CheckboxGroup([], label="批准时采用的条目（取消勾选即不采用）", elem_id="admin-rules-keep")
            with gr.Row():
                round = gr.Number(label="评审年度", precision=0, minimum=2000, maximum=2100, scale=1, min_width=120,
                                  elem_id="admin-rules-round")
                approve = gr.Button("批准", variant="primary", scale=1, elem_id="admin-rules-approve")
                withdraw = gr.Button("撤回批准", variant="stop", scale=1, elem_id="admin-rules-withdraw")
            message = gr.Markdown(elem_id="admin-rules-msg")
        notice.change(self.show, [notice, authed], [summary, clauses, keep, round], api_visibility="private")
        approve.click(self.approve, [notice, keep, round, authed], [notice, summary, clauses, keep, round, message],
                      api_visibility="private", concurrency_limit=1)
        withdraw.click(self.withdraw, [notice, authed], [notice, summary, clauses, keep, round, message],
                       api_visibility="private", concurrency_limit=1)
        return notice
