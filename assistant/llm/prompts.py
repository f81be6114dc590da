"""The prompt files of ``prompts/``, loaded and checked against the placeholders the code fills."""

from __future__ import annotations

import re
import string
from pathlib import Path

from pydantic import BaseModel

from assistant.settings import PROJECT_ROOT
from assistant.text.sentences import split_sentences

PROMPTS_DIR = PROJECT_ROOT / "prompts"
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "answer": frozenset({"passages", "question"}),
    "condense": frozenset({"history", "question"}),
    "tool_use": frozenset({"tool_name"}),
}
_PART = re.compile(r"^=== (system|user) ===\s*$", re.M)


class PromptError(ValueError):
    """A prompt file is missing, malformed, or has other placeholders than the code fills."""


class Prompt(BaseModel):
    name: str
    system: str
    user: str = ""

    def fill(self, **values: str) -> tuple[str, str]:
        """The system and user text with the placeholders filled (values are never parsed)."""
        return self.system.format(**values), self.user.format(**values)


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    path = directory / f"{name}.md"
    if not path.is_file():
        raise PromptError(f"prompt file not found: {path}")
    parts = _PART.split(path.read_text(encoding="utf-8"))
    sections = dict(zip(parts[1::2], (p.strip() for p in parts[2::2]), strict=True))
    if "system" not in sections:
        raise PromptError(f"{path.name}: no '=== system ===' part")
    prompt = Prompt(name=name, system=sections["system"], user=sections.get("user", ""))
    found = placeholders(prompt.system) | placeholders(prompt.user)
    if found != PLACEHOLDERS.get(name, frozenset()):
        raise PromptError(f"{path.name}: placeholders {sorted(found)}, the code fills {sorted(PLACEHOLDERS.get(name, ()))}")
    return prompt


class Prompts(BaseModel):
    answer: Prompt
    condense: Prompt
    tool_use: Prompt

    @classmethod
    def load(cls, directory: Path = PROMPTS_DIR) -> Prompts:
        return cls(**{name: load_prompt(name, directory) for name in PLACEHOLDERS})

    def secret_lines(self, min_chars: int = 10) -> list[str]:
        """Clauses of the instructions long enough that repeating one means the prompt leaked."""
        text = "\n".join(p.system for p in (self.answer, self.condense, self.tool_use))
        clauses = (re.sub(r"^\s*\d+\.\s*", "", c.rstrip("。！？；")).strip() for c in split_sentences(text))
        return [c for c in clauses if len(c) >= min_chars]
