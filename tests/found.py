"""A notice written for a test, indexed by a real assistant, and what the answerer found for a
question asked of it (its candidates, before the judge)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.answer.extractive import Found


def college_notice(college: str, body: str) -> str:
    """A college personnel office's notice for a test: the usual title, addressee, opening and
    signature around ``body`` (its numbered sections)."""
    office = f"{college}人事处"
    return (
        f"关于做好2025年度{college}教师专业技术职务评审工作的通知\n\n{office}\n\n各二级学院：\n\n"
        f"现将2025年度教师专业技术职务评审工作安排通知如下。\n\n{body.strip()}\n\n"
        f"{office}\n2025年9月1日\n"
    )


# a college's notice naming three levels: the level a question names decides which sentence answers
COLLEGE = "qingchuan_xueyuan"
COLLEGE_NOTICE = college_notice(
    "青川学院",
    """
一、申报条件
申报讲师须近3年年均课堂教学工作量不少于240学时，申报副教授不少于300学时。

二、教学能力测评
申报副教授的须参加教学能力测评，采取说课方式，每人15分钟。
申报讲师的不参加测评。

三、评审费用
初级职称评审费每人150元，中级职称评审费每人260元，副高级职称评审费每人400元。
""",
)


def indexed(make_assistant: Callable[..., object], folder: Path, name: str, text: str):
    """A fresh assistant over one notice, written to ``folder`` as ``name``.txt."""
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])  # type: ignore[attr-defined]
    return assistant


def found_for(assistant, question: str) -> Found:
    """What the answerer found for ``question``: every sentence weighed, the candidates in order."""
    seen: list[Found] = []
    assistant.use(observer=seen.append)
    try:
        assistant.ask(question)
    finally:
        assistant.use(observer=None)
    return seen[-1]
