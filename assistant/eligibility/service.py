"""The one entry point the chat calls: read the applicant's words, merge earlier turns, assess."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from assistant.eligibility.engine import assess
from assistant.eligibility.lexicon import normalize
from assistant.eligibility.parse import ProfileParser, is_assessment_question, speaks_of_self
from assistant.eligibility.profile import Profile
from assistant.eligibility.render import render_assessment
from assistant.eligibility.result import Assessment, PendingNotice
from assistant.eligibility.rulebook import DEFAULT_RULES_DIR, load_rules
from assistant.models import NoticeMeta

_OTHER_QUESTION = re.compile(r"多少钱|费用|评审费|材料|地址|电话|邮箱|时间|什么时候|截止|哪里|怎么")

__all__ = ["DEFAULT_RULES_DIR", "EligibilityService"]


class EligibilityService:
    """Eligibility assessment over the rules in ``rules_dir`` (``knowledge/rules``) and the approved ones.

    >>> service = EligibilityService(DEFAULT_RULES_DIR)
    >>> assessment, profile = service.handle("本科，助理工程师5年，能申报工程师吗？")
    >>> assessment.verdict
    'eligible'
    """

    def __init__(self, rules_dir: Path = DEFAULT_RULES_DIR, *, vocab_file: Path | None = None,
                 regions_file: Path | None = None, approved_dir: Path | None = None,
                 pending: Iterable[PendingNotice] = ()) -> None:
        """``approved_dir``: notice rule files an administrator approved (``RuleProposals.approved_dir``),
        used beside the hand-written ones of ``rules_dir``. ``pending``: notices whose proposed rules
        await review; an assessment under one uses the baseline and quotes the notice's sentences."""
        self.rules = load_rules(rules_dir, approved_dir).with_pending(pending)
        self.parser = ProfileParser.build(self.rules, Path(rules_dir), vocab_file, regions_file)

    def wants(self, text: str, previous: Profile | None = None, asks_fact: bool = False) -> bool:
        """Whether the chat should answer with an assessment: a personal eligibility question, or —
        while an assessment is under way (``previous``) — an answer that adds facts to it. A question
        read as asking for a fact a notice states (``asks_fact``: how many years, how many referees)
        is none, whatever titles it names, unless the asker speaks of themselves ("我2019年取得助工，
        最早什么时候可以报工程师？" asks a date of their own case)."""
        if is_assessment_question(text, self.parser):
            return not asks_fact or speaks_of_self(text)
        if previous is None or _OTHER_QUESTION.search(normalize(text)):
            return False
        return bool(self.parser.parse(text).stated())

    def states_facts(self, text: str) -> bool:
        """Whether ``text`` says something about the applicant (a degree, years, a title) that an
        assessment would use, even when it is not asked as an eligibility question."""
        return bool(self.parser.parse(text).personal())

    def handle(self, text: str, previous: Profile | None = None, notices: Iterable[NoticeMeta] = (),
               today: date | None = None) -> tuple[Assessment, Profile]:
        """Parse ``text`` (merged with ``previous``), assess it; return the assessment and the profile
        to pass back as ``previous`` on the next turn."""
        profile = self.parser.parse(text, previous, notices, today)
        return assess(profile, self.rules, today), profile

    def assess(self, profile: Profile, today: date | None = None) -> Assessment:
        return assess(profile, self.rules, today)

    @staticmethod
    def render(assessment: Assessment, details: bool = False) -> str:
        """For applicants; ``details``: with rule ids and file names, for staff."""
        return render_assessment(assessment, details)

    def tool(self, notices: Iterable[NoticeMeta] = ()):
        """A LangChain StructuredTool over :class:`Profile`, for LLM backends."""
        from assistant.eligibility.tool import make_tool

        return make_tool(self, notices)
