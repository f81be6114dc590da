"""Issue 12, hole 1: a DOCX decompression bomb, and a file that would cost minutes, are refused early.

The bomb is built here with :mod:`zipfile` in streamed chunks (a 300 MB ``document.xml`` in a file of
a few hundred KB), and loaded in a child process whose address space is capped at 1 GiB: a loader
that unpacked it would fail there, bounded, instead of taking the test machine's memory.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from assistant.ingest.errors import LoadError
from assistant.ingest.loaders import MAX_TEXT_CHARS, Budget, check_archive, load_document
from tests.conftest import PYTHON, ROOT

pytestmark = pytest.mark.unit

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_parts() -> dict[str, bytes]:
    """The parts of an empty document made by python-docx (styles, rels, content types …)."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def build_bomb(path: Path, megabytes: int = 300) -> Path:
    """A DOCX whose ``word/document.xml`` unpacks to ``megabytes`` MB, written 1 MB at a time."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _docx_parts().items():
            if name != "word/document.xml":
                archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode())
            chunk = b"<w:p><w:r><w:t>" + b"A" * (1 << 20) + b"</w:t></w:r></w:p>"
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return path


def plain_text_docx(path: Path, chars: int) -> Path:
    """A DOCX of ``chars`` characters of plain Chinese text in short paragraphs (no markup to speak of)."""
    from docx import Document

    rng = random.Random(12)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    document = Document()
    for _ in range(chars // 61):
        document.add_paragraph("".join(rng.choice(alphabet) for _ in range(60)) + "。")
    document.save(path)
    return path


_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # 1 GiB: a loader that unpacks the bomb fails here
from assistant.ingest.loaders import LoadError, load_document
try:
    load_document(sys.argv[1])
    print(json.dumps({"refused": False, "message": ""}))
except LoadError as err:
    print(json.dumps({"refused": True, "message": str(err)}))
"""


def test_docx_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = build_bomb(tmp_path / "评审通知.docx")
    assert bomb.stat().st_size < 2 * 1024 * 1024  # a small file …
    with zipfile.ZipFile(bomb) as archive:  # … that declares 300 MB
        assert archive.getinfo("word/document.xml").file_size > 300 * 1024 * 1024
    started = time.monotonic()
    child = subprocess.run([PYTHON, "-c", _CHILD, str(bomb)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert child.returncode == 0, child.stderr[-2000:]
    outcome = json.loads(child.stdout.strip().splitlines()[-1])
    assert outcome["refused"], outcome
    assert "评审通知.docx" in outcome["message"] and "解压后" in outcome["message"] and "压缩炸弹" in outcome["message"]
    assert time.monotonic() - started < 60


def test_highly_compressed_part_is_refused_by_its_ratio(tmp_path: Path) -> None:
    """Under the size limits but shrunk a thousandfold: made to expand, refused by its ratio."""
    bomb = build_bomb(tmp_path / "ratio.docx", megabytes=8)
    with pytest.raises(LoadError, match="压缩比异常"):
        load_document(bomb)


def test_archive_with_thousands_of_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in _docx_parts().items():
            archive.writestr(name, data)
        for n in range(2_100):
            archive.writestr(f"word/media/x{n}.bin", b"")
    with zipfile.ZipFile(path) as archive, pytest.raises(LoadError, match="部件"):
        check_archive(path, archive)


def test_a_177_kb_docx_of_plain_text_is_refused_at_once(tmp_path: Path) -> None:
    """The issue's 177 KB DOCX of plain text held the library lock for minutes: its text is over the cap."""
    path = plain_text_docx(tmp_path / "plain.docx", 150_000)
    assert path.stat().st_size < 400 * 1024
    started = time.monotonic()
    with pytest.raises(LoadError) as err:
        load_document(path)
    assert time.monotonic() - started < 10
    assert "plain.docx" in str(err.value) and f"{MAX_TEXT_CHARS // 10_000} 万字" in str(err.value)


def test_long_text_and_html_files_are_refused_before_cleaning(tmp_path: Path) -> None:
    text = tmp_path / "long.txt"
    text.write_text("申报人员应当按时提交材料。\n" * 20_000, encoding="utf-8")
    page = tmp_path / "long.html"
    page.write_text("<html><body>" + "<p>申报人员应当按时提交材料。</p>" * 20_000 + "</body></html>", encoding="utf-8")
    for path in (text, page):
        with pytest.raises(LoadError, match="万字"):
            load_document(path)


def test_an_ordinary_docx_still_loads(tmp_path: Path) -> None:
    path = plain_text_docx(tmp_path / "ok.docx", 6_000)
    doc = load_document(path, Budget(30))
    assert sum(len(p.text) for p in doc.pages) > 5_000


def test_the_time_budget_refuses_with_the_stage_it_ran_out_in(tmp_path: Path) -> None:
    now = [0.0]
    budget = Budget(5, clock=lambda: now[0])
    budget.check("通知.pdf", "读取文件")  # within the budget: nothing happens
    now[0] = 6.0
    with pytest.raises(LoadError, match="5 秒的上限（计算向量时）") as err:
        budget.check("通知.pdf", "计算向量")
    assert "通知.pdf" in str(err.value)


def test_a_page_of_thousands_of_paragraphs_is_read_in_seconds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing the parsed tree node by node was quadratic (each edit looks the node up among its
    siblings with ``Tag.index``): 20,000 paragraphs took minutes."""
    from bs4.element import Tag

    lookups = []
    real_index = Tag.index
    monkeypatch.setattr(Tag, "index", lambda self, element: lookups.append(1) or real_index(self, element))
    page = tmp_path / "many.html"
    page.write_text("<html><body>" + "".join(f"<p>第{n}条材料要求。</p>" for n in range(8_000)) + "</body></html>",
                    encoding="utf-8")
    started = time.monotonic()
    doc = load_document(page)
    assert time.monotonic() - started < 8
    assert len(lookups) < 100  # not one sibling search per paragraph
    lines = doc.text.split("\n")
    assert len(lines) == 8_000 and lines[0] == "第0条材料要求。" and lines[-1] == "第7999条材料要求。"
