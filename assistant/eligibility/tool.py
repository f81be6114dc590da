"""The assessment as a LangChain tool: an LLM fills the :class:`Profile` fields, the rules decide.

The tool returns the rendered assessment (Chinese Markdown with its sources, as applicants see it) as
its content and the :class:`Assessment` itself as the artifact, so the page can show the structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from langchain_core.tools import StructuredTool

from assistant.eligibility.locate import match_notice, places_from_meta
from assistant.eligibility.profile import Profile
from assistant.eligibility.render import render_assessment
from assistant.eligibility.result import Assessment
from assistant.models import NoticeMeta

if TYPE_CHECKING:
    from assistant.eligibility.service import EligibilityService

NAME = "assess_eligibility"
DESCRIPTION = (
    "Assess whether an applicant may apply for a 职称 (professional title) under a notice. Fill only the "
    "fields the applicant actually stated; leave the rest empty — the tool asks for what it needs. "
    "Returns a verdict (eligible, not_eligible, not_yet, other_route, needs_info) with reasons citing "
    "their sources (a notice by its title and section, or the national baseline 人社部发〔2019〕16号), "
    "and the questions still to ask the applicant, in Chinese, ready to show the applicant."
)


def make_tool(service: EligibilityService, notices: Iterable[NoticeMeta] = (),
              today: date | None = None) -> StructuredTool:
    places = places_from_meta(notices)

    def assess_eligibility(**facts: object) -> tuple[str, Assessment]:
        profile = Profile.model_validate({k: v for k, v in facts.items() if v not in (None, [])})
        if places and profile.region and not profile.notice_id:
            found = match_notice([profile.region], places, profile.series)
            profile = profile.model_copy(update={"notice_id": found})
        assessment = service.assess(profile, today)
        return render_assessment(assessment), assessment

    return StructuredTool.from_function(
        func=assess_eligibility, name=NAME, description=DESCRIPTION, args_schema=Profile,
        response_format="content_and_artifact",
    )
