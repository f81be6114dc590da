"""The remove-one-fact test: the sentences holding an answer are deleted, then asked again."""

from __future__ import annotations

import pytest

from assistant.models import Passage
from eval.removal import ask_without, redact, still_stated
from eval.scoring import Item


def passage(text: str, order: int = 0) -> Passage:
    return Passage(id=Passage.make_id("n", order, text), notice_id="n", text=text, order=order)


@pytest.mark.unit
def test_only_the_sentences_holding_the_evidence_go() -> None:
    p = passage("网上申报时间为2024年6月1日至7月20日。纸质材料7月25日前报送。\n评审费300元/人。")
    (kept,), deleted = redact([p], ["2024年6月1日至7月20日"])
    assert deleted == 1 and kept.text == "纸质材料7月25日前报送。\n评审费300元/人。" and kept.id != p.id


@pytest.mark.unit
def test_a_table_row_goes_whole_and_an_emptied_passage_is_dropped() -> None:
    row = passage("级别：副高级｜评审费：420｜考核认定：210", 1)
    other = passage("级别：中级｜评审费：300｜考核认定：150", 2)
    kept, deleted = redact([row, other], ["副高级\t420\t210"])
    assert deleted == 1 and kept == [other]


@pytest.mark.unit
def test_evidence_across_two_sentences_deletes_both() -> None:
    (kept,), deleted = redact([passage("甲。逾期不得补报。其他。")], ["甲。逾期不得"])
    assert deleted == 2 and kept.text == "其他。"


@pytest.mark.unit
def test_a_restatement_the_evidence_misses_is_still_stated() -> None:
    """The notice says the deadline in a sentence and again in a table row; the evidence names the
    sentence, so the row survives the deletion and still holds the answer."""
    text = passage("纸质材料报送时间调整为9月15日至9月19日。其他事项不变。")
    row = passage("事项：纸质材料报送｜原定时间：8月25日至8月29日｜调整后时间：9月15日至9月19日", 1)
    kept, _ = redact([text, row], ["调整为9月15日至9月19日"])
    assert still_stated(kept, [["9月19日"]]) == [row.text]
    assert still_stated(kept, [["9月19日"], ["邮寄"]]) == [] and still_stated(kept, []) == []


@pytest.mark.integration
def test_asked_without_its_fact_the_notice_is_restored_afterwards(make_assistant) -> None:
    from tests.conftest import NOTICES_DIR

    assistant = make_assistant()
    assistant.ingest([NOTICES_DIR / "000_0c0ecf8262729fd8.txt"])
    before = dict(assistant.store.passages())
    item = Item(id="x", question="南通冶金工程中级职称评审费是多少？", answerable=True,
                source="000_0c0ecf8262729fd8.txt", evidence=["申报职称评审费300元/人"], answer_must=[["300"]])
    seen: list[str] = []

    def ask(question: str):
        seen.append("".join(p.text for p in assistant.store.passages().values()))
        return assistant.ask(question)

    answer, deleted = ask_without(assistant, item, ask)
    assert deleted >= 1 and answer is not None and "300元/人" not in seen[0]
    assert assistant.store.passages() == before
