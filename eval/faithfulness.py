"""Judge-free faithfulness, shared with the LLM answer verifier: see :mod:`assistant.answer.faithfulness`.

The evaluation scores answers with the same fact extraction the library uses to check an LLM's
answer before showing it, so a fact the verifier would reject is also one the scorer counts.
"""

from assistant.answer.faithfulness import Fact, extract_facts, norm, unfaithful_facts
from assistant.text.numerals import cn_number

__all__ = ["Fact", "cn_number", "extract_facts", "norm", "unfaithful_facts"]
