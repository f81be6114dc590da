"""Passages as the model sees them (numbered, delimited data blocks) and as the applicant sees
them under a generated answer (renumbered citations with quotes)."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.answer.faithfulness import extract_facts, unfaithful_facts
from assistant.llm.verify import CITATION
from assistant.llm.verify import citations as cited_numbers
from assistant.models import Citation, NoticeMeta, ScoredPassage
from assistant.text.sentences import complete_sentences, split_sentences

QUOTE_CHARS = 160


class Numbered(BaseModel):
    """The passages given to the model, numbered from 1, with the titles of their notices."""

    hits: list[ScoredPassage]
    titles: dict[str, str]

    def numbers(self) -> dict[int, ScoredPassage]:
        return {i: h for i, h in enumerate(self.hits, 1)}

    def header(self, hit: ScoredPassage) -> str:
        p = hit.passage
        return f"《{self.titles.get(p.notice_id, p.notice_id)}》 {p.section_label} 第{p.page}页"

    def texts(self) -> dict[int, str]:
        """Number → what a citation of it vouches for: its provenance line and its text."""
        return {n: f"{self.header(h)}\n{h.passage.text}" for n, h in self.numbers().items()}

    def block(self) -> str:
        """The passages as data: each in its own <passage> block; no text can close a block."""
        return "\n".join(
            f'<passage n="{n}" source="{as_data(self.header(h))}">\n{as_data(h.passage.text)}\n</passage>'
            for n, h in self.numbers().items()
        )


def number(hits: list[ScoredPassage], notices: dict[str, NoticeMeta], limit: int) -> Numbered:
    chosen = list({h.passage.id: h for h in hits}.values())[:limit]
    return Numbered(hits=chosen, titles={n: m.title for n, m in notices.items()})


def as_data(text: str) -> str:
    """Text placed inside a delimited block: angle brackets become full-width, quotes single."""
    return text.replace("<", "＜").replace(">", "＞").replace('"', "'")


def renumber(text: str, order: list[int]) -> str:
    """Citations renumbered 1, 2, … in order of first use (``order``: the given numbers so ordered)."""
    new = {n: i for i, n in enumerate(order, 1)}
    return CITATION.sub(lambda m: f"[{new.get(int(m.group(1)), m.group(1))}]", text)


def citations(text: str, order: list[int], numbered: Numbered) -> list[Citation]:
    """The passages cited (given numbers in ``order``) as citations numbered 1, 2, …, each quoting
    the sentences of its passage that hold the facts the answer cites it for."""
    hits = numbered.numbers()
    out = []
    for i, n in enumerate(order, 1):
        p = hits[n].passage
        citing = " ".join(s for s in complete_sentences(text, final=True)[0] if n in cited_numbers(s))
        out.append(Citation(
            n=i, passage_id=p.id, notice_id=p.notice_id, notice_title=numbered.titles.get(p.notice_id, p.notice_id),
            section=p.section_label, page=p.page, quote=_quote(p.text, citing),
        ))
    return out


def _quote(passage: str, citing: str) -> str:
    facts = extract_facts(CITATION.sub(" ", citing))
    held = [s for s in split_sentences(passage)
            if facts and len(unfaithful_facts(CITATION.sub(" ", citing), [s])) < len({f.surface for f in facts})]
    quote = "……".join(held[:2]) if held else passage
    return quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS] + "……"
