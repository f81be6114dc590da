"""What an answer quotes beside its best sentence: the sentence giving a further ask of the question."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


CONTACTS = """关于做好2025年度青川市化工工程专业高级职称评审工作的通知

青川市人力资源和社会保障局

各有关单位：

现将有关事项通知如下。

一、评审费用
评审费每人400元，由申报人网上缴纳。

二、联系方式
市化工高评委办公室（设在青川市化工产业人才服务中心）
联系人：陈晓、刘芳
联系电话：0571-3187562
"""


def test_the_phone_beside_the_names_answers_the_second_ask(make_assistant, tmp_path: Path) -> None:
    """"联系电话和联系人": the names line answers, and the phone line of the same passage, which holds
    none of the question's other words, gives the phone it also names."""
    path = tmp_path / "qingchuan_huagong.txt"
    path.write_text(CONTACTS, encoding="utf-8")
    assistant = make_assistant()
    assistant.ingest([path])
    answer = assistant.ask("青川市化工高评委办公室的联系电话和联系人是什么？")
    assert "陈晓" in answer.text and "0571-3187562" in answer.text
