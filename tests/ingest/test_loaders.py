"""Loading every supported format, the five real PDFs, and refusing bad input with a clear message."""

from __future__ import annotations

import difflib
import functools
import io
import logging
import random
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from assistant.ingest import pdf as pdfload
from assistant.ingest.loaders import LoadError, load_document
from assistant.models import LoadedDocument

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parents[1] / "data"
PDFS = sorted((DATA / "pdf").glob("*.pdf"))
NOTICE_003 = DATA / "pdf" / "003_4ed8adcf736a59c4.pdf"
HEADER_003 = "序号\t受理专业\t受理地\t级别\t网络申报时间\t受理单位机构\t联系电话\t备注"


@functools.cache
def loaded(path: Path) -> LoadedDocument:
    """Each real file is loaded once per test session (tests only read the result)."""
    return load_document(path)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def table_rows(doc: LoadedDocument) -> list[str]:
    return [line for line in doc.text.split("\n") if "\t" in line]


# ---------------------------------------------------------------- text formats


def test_txt_utf8_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("[bookmark: _GoBack]关于做好我市 2024 年度职称评审工作的通知   \n\n\n\n正文。\n", "utf-8")
    doc = load_document(path)
    assert doc.fmt == "txt" and len(doc.pages) == 1
    assert doc.pages[0].number == 1
    assert doc.text == "关于做好我市2024年度职称评审工作的通知\n\n正文。"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_txt_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes("联系电话：０５１０-88703240。".encode(encoding))
    assert load_document(path).text == "联系电话：0510-88703240。"


def test_markdown_file_loads_as_text(tmp_path: Path) -> None:
    path = tmp_path / "notice.md"
    path.write_text("[职称申报](#)\n\n- (1) 目录；\n**必须选择**评委会", "utf-8")
    doc = load_document(path)
    assert doc.fmt == "txt"
    assert doc.text == "职称申报\n\n(1) 目录；\n必须选择评委会"


def test_a_web_pages_info_line_is_not_joined_to_the_doc_number_below_it(tmp_path: Path) -> None:
    """A page saved as text: its info line ends on a Chinese word (来源：…业务指导处) and is long, like a
    line a copy broke mid-sentence, but it is whole: the 文号 under it stays its own line."""
    path = tmp_path / "repost.txt"
    path.write_text("关于转发档案系列职称评审工作通知的通知\n\n发布时间：2025-07-11 16:05　来源：市档案局业务指导处　浏览次数：1342\n\n"
                    "并档发〔2025〕9号\n\n各县（市、区）档案局：\n", encoding="utf-8")
    lines = load_document(path).text.split("\n")
    assert "并档发〔2025〕9号" in lines and not any("业务指导处并档发" in line for line in lines)


def test_txt_table_keeps_tab_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("安排表\n序号\t受理地\t电话\n1\t镇江市区\t84403810\n\n\t丹阳市\t86571177\n备注", "utf-8")
    assert table_rows(load_document(path)) == ["序号\t受理地\t电话", "1\t镇江市区\t84403810", "\t丹阳市\t86571177"]


# ---------------------------------------------------------------- DOCX


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好 2024 年度职称评审工作的通知")
    document.add_paragraph("一、申报时间\t（网上）")
    table = document.add_table(rows=4, cols=4)
    for col, name in enumerate(["序号", "受理专业", "受理地", "联系电话"]):
        table.cell(0, col).text = name
    for col, value in enumerate(["1", "建设工程", "镇江市区", "84403810"]):
        table.cell(1, col).text = value
    table.cell(2, 2).text = "丹阳市"
    table.cell(2, 3).text = "86571177"
    table.cell(1, 0).merge(table.cell(2, 0))  # vertical merges: 序号 and 受理专业 span two rows
    table.cell(1, 1).merge(table.cell(2, 1))
    table.cell(3, 0).text = "2"
    table.cell(3, 1).merge(table.cell(3, 2)).text = "公证员（全市）"  # horizontal merge
    table.cell(3, 3).text = "80820823"
    document.add_paragraph("附件：申报计划安排表")
    document.save(path)
    return path


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    doc = load_document(make_docx(tmp_path / "notice.docx"))
    assert doc.fmt == "docx" and len(doc.pages) == 1
    assert doc.text.split("\n") == [
        "关于做好2024年度职称评审工作的通知",
        "一、申报时间（网上）",  # a tab inside a paragraph is not a table
        "序号\t受理专业\t受理地\t联系电话",
        "1\t建设工程\t镇江市区\t84403810",
        "\t\t丹阳市\t86571177",  # vertically merged cells stay empty
        "2\t公证员（全市）\t\t80820823",  # a horizontally merged cell is written once
        "附件：申报计划安排表",
    ]


# ---------------------------------------------------------------- HTML

HTML = """<!DOCTYPE html>
<html><head><title>标题</title><style>p {color: red}</style><script>var x = "脚本";</script></head>
<body>
<header>网站首页 | 职称专栏</header>
<nav><a href="/">首页</a><a href="/zc">职称申报</a></nav>
<h1>关于报送 2023 年度 评审材料的通知</h1>
<p>根据《关于做好2023年度职称评审工作的通知》，
   现将有关事项通知如下：</p>
<div>一、申报时间<br>网上首次申报时间：2023年5月22日</div>
<table>
  <tbody>
    <tr><td rowspan="2">1</td><td>建设工程</td><td>镇江市区</td></tr>
    <tr><td colspan="2">丹阳市（含下辖）</td></tr>
  </tbody>
  <thead><tr><th>序号</th><th>受理专业</th><th>受理地</th></tr></thead>
</table>
<p>联系电话：0510-88703240。</p>
<footer>版权所有 无锡市人力资源和社会保障局</footer>
</body></html>"""


def test_html_visible_text_blocks_and_table(tmp_path: Path) -> None:
    path = tmp_path / "notice.html"
    path.write_text(HTML, "utf-8")
    doc = load_document(path)
    assert doc.fmt == "html"
    assert doc.text.split("\n") == [
        "关于报送2023年度评审材料的通知",
        "根据《关于做好2023年度职称评审工作的通知》，现将有关事项通知如下：",
        "一、申报时间",
        "网上首次申报时间：2023年5月22日",
        "序号\t受理专业\t受理地",  # header row first even when <thead> comes last
        "1\t建设工程\t镇江市区",
        "\t丹阳市（含下辖）\t",  # rowspan leaves the cell below empty, colspan adds an empty cell
        "联系电话：0510-88703240。",
    ]
    for junk in ("脚本", "color", "首页", "版权所有", "标题"):
        assert junk not in doc.text


GUIDE = """<html><body><h1>职称评审办事指南</h1>
<table class="kv"><tbody>
  <tr><th colspan="4">基本信息</th></tr>
  <tr><th>事项类型</th><td>公共服务</td><th>办件类型：</th><td>承诺件</td></tr>
  <tr><th>申请材料</th><td colspan="3"><p>详见下表。</p>
    <table><tr><th>材料名称</th><th>份数</th></tr><tr><td>评审表</td><td>2份</td></tr></table></td></tr>
  <tr><th>办理时限</th><td>法定办结时限：60个工作日</td><td>承诺办结时限：40个工作日</td></tr>
  <tr><th>咨询电话</th><td>0531-86912473</td></tr>
</tbody></table>
<table><thead><tr><th>科目</th><th>合格分</th></tr></thead><tr><th>经济基础</th><td>84</td></tr></table>
<table><tr><th>级别</th><td>评审费</td><td>答辩费</td></tr><tr><th>正高级</th><td>500元</td><td>200元</td></tr></table>
</body></html>"""


def test_html_labelled_values_keep_their_labels(tmp_path: Path) -> None:
    """A 办事指南's rows of label cells and values: each value read after its label, not a grid (a phone
    cut from 咨询电话); a table with a header row stays a grid although its rows start with <th>."""
    path = tmp_path / "guide.html"
    path.write_text(GUIDE, "utf-8")
    assert load_document(path).text.split("\n") == [
        "职称评审办事指南",
        "基本信息",  # a heading across the table
        "事项类型：公共服务",
        "办件类型：承诺件",
        "申请材料：",
        "详见下表。",
        "材料名称\t份数",
        "评审表\t2份",
        "办理时限：法定办结时限：60个工作日；承诺办结时限：40个工作日",
        "咨询电话：0531-86912473",
        "科目\t合格分",
        "经济基础\t84",
        "级别\t评审费\t答辩费",  # a row header before several columns' values: a grid
        "正高级\t500元\t200元",
    ]


def test_htm_extension_and_gbk_page(tmp_path: Path) -> None:
    path = tmp_path / "notice.htm"
    path.write_bytes('<html><meta charset="gbk"><body><p>锡山区 人社局</p></body></html>'.encode("gbk"))
    assert load_document(path).text == "锡山区人社局"


# ---------------------------------------------------------------- the five real PDFs


def test_all_five_pdfs_are_present() -> None:
    assert [p.stem[:3] for p in PDFS] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem[:3])
def test_real_pdf_loads_one_page_per_pdf_page(path: Path) -> None:
    doc = loaded(path)
    assert doc.fmt == "pdf"
    assert [p.number for p in doc.pages] == list(range(1, len(PdfReader(path).pages) + 1))
    assert all(p.text.strip() for p in doc.pages if p.number == 1)
    assert "**" not in doc.text and "](" not in doc.text and "[bookmark" not in doc.text


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem[:3])
def test_real_pdf_matches_the_text_version(path: Path) -> None:
    pdf = compact(loaded(path).text)
    txt = compact(loaded(DATA / "txt" / f"{path.stem}.txt").text)
    assert difflib.SequenceMatcher(None, pdf, txt, autojunk=False).ratio() > 0.99


@pytest.mark.parametrize(
    ("stem", "needles"),
    [
        ("000", ["2024年6月1日至7月20日", "申报职称评审费300元/人", "海门区包场镇港东大道1号"]),
        ("001", ["lygsjxw@126.com", "《专业技术人员简介表》20份"]),
        ("002", ["0510-88703240", "不需线下递交纸质材料"]),
        ("004", ["乌鲁木齐市友好北路636号有色大厦", "字数2000-3000字"]),
    ],
)
def test_key_facts_survive_pdf_extraction(stem: str, needles: list[str]) -> None:
    (path,) = [p for p in PDFS if p.stem.startswith(stem)]
    text = loaded(path).text
    for needle in needles:
        assert needle in text  # no stray spaces, even before compacting


def test_pdf_joins_wrapped_lines_into_paragraphs() -> None:
    lines = loaded(PDFS[0]).text.split("\n")
    assert lines[0] == "关于报送2024年度全市冶金工程中级专业技术资格评审材料的通知"
    assert lines[1] == "市各有关单位："
    assert any(ln.startswith("（一）在我市企事业单位") and ln.endswith("专业技术人才。") for ln in lines)


def test_pdf_paragraph_across_pages_belongs_to_the_page_where_it_starts() -> None:
    doc = loaded(NOTICE_003)
    page2, page3 = doc.pages[1].text, doc.pages[2].text
    assert "做好评前公示工作，公示时间不少于5个工作日。" in page2
    assert not page3.startswith("时间不少于")


def test_pdf_without_tables_has_no_tab_lines() -> None:
    for path in PDFS:
        if path != NOTICE_003:
            assert not table_rows(loaded(path)), path.name


# ---------------------------------------------------------------- the 003 schedule table


def test_003_table_rows_are_rebuilt_from_positions() -> None:
    rows = table_rows(loaded(NOTICE_003))
    assert rows[0] == HEADER_003
    assert "\t\t丹阳市\t中、初级\t3月15日-8月10日\t丹阳市人社局专技科\t86571177\t" in rows
    assert rows[1] == "1\t建设工程\t镇江市区\t中、初级\t3月15日-5月30日；7月1日-9月15日\t镇江市职称与执业资格评价服务中心\t84403810\t"
    assert "14\t公证员\t\t\t\t\t80820823; 80820933\t" in rows
    assert all(row.count("\t") == 7 for row in rows)


def test_003_table_is_one_run_and_equals_the_text_version() -> None:
    lines = loaded(NOTICE_003).text.split("\n")
    idx = [i for i, line in enumerate(lines) if "\t" in line]
    assert idx == list(range(idx[0], idx[0] + len(idx)))  # consecutive lines
    txt = loaded(DATA / "txt" / f"{NOTICE_003.stem}.txt")
    assert [ln for ln in lines if "\t" in ln] == table_rows(txt)


def test_003_table_row_wrapped_across_a_page_is_on_its_first_page() -> None:
    doc = loaded(NOTICE_003)
    assert doc.pages[2].text.split("\n")[-1].startswith("1\t建设工程\t")
    assert doc.pages[3].text.split("\n")[0].startswith("\t\t丹阳市\t")


def test_pdf_falls_back_to_plain_extraction_without_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(page: object) -> None:
        raise RuntimeError("layout internals changed")

    monkeypatch.setattr(pdfload, "_page_frags", broken)
    doc = load_document(NOTICE_003)
    assert "84403810" in doc.text and "关于做好我市2024年度职称评审工作的通知" in doc.text


# ---------------------------------------------------------------- table reconstruction on synthetic lines

TAB = 35.433  # LibreOffice's default tab stop; the synthetic layout puts each tab at the next stop


def line(page: int, *cells: tuple[float, str]) -> pdfload._Line:
    """A visual line; CJK characters are 10 pt wide, digits 6 pt."""
    frags = []
    for x, text in cells:
        width = sum(6.0 if ch.isascii() else 10.0 for ch in text)
        frags.append(pdfload._Frag(x, x + width, 10.0, text))
    return pdfload._Line(page, 0.0, frags)


def test_reconstruct_rebuilds_rows_continuations_and_page_breaks() -> None:
    prose = "为" * 48  # a full line, 480 pt wide
    pages = [
        [
            line(1, (0, prose)),
            line(1, (0, "序号"), (TAB, "地区"), (2 * TAB, "受理单位"), (4 * TAB, "电话"), (5 * TAB, "备注")),
            line(1, (0, "1"), (TAB, "镇江市区"), (3 * TAB, "镇江市职称与执业资格评价" + "很长" * 13)),
        ],
        [
            line(2, (0, "服务中心"), (2 * TAB, "84403810")),  # the row wrapped onto the next page
            line(2, (2 * TAB, "丹阳市人社局"), (4 * TAB, "86571177")),  # two empty leading cells
            line(2, (0, "2"), (TAB, "句容市"), (3 * TAB, "87319016")),  # 句容市 ends at 65 pt: 2 tabs
            line(2, (0, "备注：以上时间为网上申报时间。")),
        ],
    ]
    assert pdfload.reconstruct_lines(pages) == [
        (1, prose),
        (1, "序号\t地区\t受理单位\t电话\t备注"),
        (1, "1\t镇江市区\t镇江市职称与执业资格评价" + "很长" * 13 + "服务中心\t84403810\t"),
        (2, "\t\t丹阳市人社局\t86571177\t"),
        (2, "2\t句容市\t\t87319016\t"),
        (2, "备注：以上时间为网上申报时间。"),
    ]


def test_reconstruct_leaves_text_with_gaps_alone() -> None:
    pages = [
        [
            line(1, (0, "联系人：张媛"), (80.0, "黄悠悠")),
            line(1, (0, "联系电话："), (60.0, "0991-4841923"), (200.0, "0991-4841395")),
            line(1, (TAB, "姓名")),
            line(1, (TAB, "性别")),
        ]
    ]
    assert all("\t" not in text for _, text in pdfload.reconstruct_lines(pages))


# ---------------------------------------------------------------- bad input


def expect_error(path: Path, *phrases: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        load_document(path)
    message = str(info.value)
    assert path.name in message
    for phrase in phrases:
        assert phrase in message, message
    return info.value


def pdf_bytes(writer: PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    expect_error(path, "空的")


@pytest.mark.parametrize("name", ["blank.txt", "blank.md", "blank.html"])
def test_whitespace_only_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(" \n\t\u3000\n  ", "utf-8")
    expect_error(path, "空白")


@pytest.mark.parametrize(
    ("name", "payload", "phrase"),
    [
        ("table.xlsx", b"PK\x03\x04rest", "不支持"),
        ("scan.png", b"\x89PNG\r\n\x1a\n", "OCR"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "另存为"),
        ("noext", "文字".encode(), "没有扩展名"),
    ],
)
def test_unsupported_types(tmp_path: Path, name: str, payload: bytes, phrase: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    expect_error(path, "不支持", phrase)


def test_missing_file(tmp_path: Path) -> None:
    expect_error(tmp_path / "nothing.pdf", "不存在")


def test_corrupt_pdf_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    expect_error(path, "已损坏", "重新")


def test_random_bytes_with_pdf_extension(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    expect_error(path, "PDF")


def test_truncated_real_pdf(tmp_path: Path) -> None:
    data = NOTICE_003.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    expect_error(path, "不完整")


def test_pdf_with_user_password(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(PDFS[0]))
    writer.encrypt(user_password="secret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    path.write_bytes(pdf_bytes(writer))
    expect_error(path, "加密", "密码")


def test_pdf_encrypted_with_empty_password_loads(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(PDFS[0]))
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "restricted.pdf"
    path.write_bytes(pdf_bytes(writer))
    assert "海门区包场镇港东大道1号" in load_document(path).text


def test_pdf_with_only_blank_pages_counts_as_scanned(tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_bytes(writer))
    error = expect_error(path, "扫描", "OCR")
    assert "没有文本层" in error.advice


def test_text_file_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_text("关于做好2024年度职称评审工作的通知", "utf-8")
    expect_error(path, "扩展名", "纯文本")


def test_pdf_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "fake.txt"
    shutil.copy(PDFS[0], path)
    expect_error(path, "扩展名", "PDF")


def test_text_named_docx_and_excel_named_docx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.docx"
    fake.write_text("普通文本", "utf-8")
    expect_error(fake, "扩展名")
    import zipfile

    excel = tmp_path / "sheet.docx"
    with zipfile.ZipFile(excel, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    expect_error(excel, "Excel")


def test_truncated_docx(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    expect_error(path, "损坏")


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes([0x81, 0x30, 0xFF, 0x00, 0xFE]) * 50)
    expect_error(path, "编码")


@pytest.mark.parametrize("seed", range(12))
def test_damaged_pdf_never_raises_anything_but_load_error(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(PDFS[0].read_bytes())
    start = rng.randrange(len(data) - 4096)
    if seed % 2:
        data[start : start + rng.randint(50, 3000)] = rng.randbytes(rng.randint(0, 3000))
    else:
        for _ in range(rng.randint(5, 300)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    path = tmp_path / f"damaged{seed}.pdf"
    path.write_bytes(bytes(data))
    try:
        assert isinstance(load_document(path), LoadedDocument)
    except LoadError as error:
        assert path.name in str(error)


def test_html_without_tags(tmp_path: Path) -> None:
    path = tmp_path / "plain.html"
    path.write_text("只是一段文字，没有任何网页标签。", "utf-8")
    expect_error(path, "HTML")


def test_repaired_pdf_loads_without_log_noise(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    data = re.sub(rb"startxref\s+\d+", b"startxref\n12345", PDFS[0].read_bytes())  # pypdf repairs and logs this
    path = tmp_path / "badxref.pdf"
    path.write_bytes(data)

    def pypdf_records() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name.startswith("pypdf")]

    with caplog.at_level(logging.DEBUG, logger="pypdf"):
        assert "海门区包场镇港东大道1号" in load_document(path).text
        assert not pypdf_records()
        assert logging.getLogger("pypdf").level == logging.DEBUG  # restored afterwards
        PdfReader(io.BytesIO(data))  # outside the loader the same file is noisy
        assert pypdf_records()


def test_load_error_message_is_chinese_and_actionable(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path.write_bytes(pdf_bytes(writer))
    error = expect_error(path)
    assert str(error) == "无法读取文件“扫描件.pdf”：PDF 中没有可提取的文字（可能是扫描件或图片）。扫描版PDF没有文本层，请先进行OCR文字识别后再上传"
    assert error.path == str(path)


def test_load_error_also_takes_a_ready_message() -> None:
    error = LoadError("a.pdf：没有可索引的正文。")
    assert str(error) == "a.pdf：没有可索引的正文。" and error.reason == str(error)
