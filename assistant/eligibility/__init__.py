"""Eligibility assessment: may this applicant apply for this 职称 under this notice?

Rules are data (``knowledge/rules/*.yaml``: thresholds, dates, exclusions, routes — each with its
source) read by small rule functions (:mod:`assistant.eligibility.rules`)::

    service = EligibilityService(DEFAULT_RULES_DIR)
    assessment, profile = service.handle("本科，助理工程师5年，能申报工程师吗？")
    print(render_assessment(assessment))

Importing this package reads no file; :class:`EligibilityService` loads the rules when built.
"""

from assistant.eligibility.engine import assess
from assistant.eligibility.parse import is_assessment_question, parse_profile
from assistant.eligibility.profile import Profile, merged
from assistant.eligibility.render import render_assessment
from assistant.eligibility.result import Assessment, Question, Reason, Source, YearsCount
from assistant.eligibility.rulebook import RuleBook, load_rules
from assistant.eligibility.service import DEFAULT_RULES_DIR, EligibilityService

__all__ = [
    "DEFAULT_RULES_DIR", "Assessment", "EligibilityService", "Profile", "Question", "Reason", "RuleBook",
    "Source", "YearsCount", "assess", "is_assessment_question", "load_rules", "merged", "parse_profile",
    "render_assessment",
]
