"""Render the hold-out notices (notices/*.txt) to DOCX, PDF and (for web-page notices) HTML.

    /work/main/.venv/bin/python eval/holdout/render.py            # all notices
    /work/main/.venv/bin/python eval/holdout/render.py 102_shunde_jianshe

Needs python-docx (in the project venv) and LibreOffice (`soffice`, Debian package
libreoffice-writer-nogui) plus CJK fonts (fonts-noto-cjk) on PATH for the PDF step.

The .txt is the source of truth.  Conventions read from it:
  * a run of consecutive lines containing TAB characters is a table; its first line is the header;
    an empty first cell in a later row means "same as the row above" (a vertically merged cell,
    as in the schedule table of the shared notice 003): the empty leading cells are merged with
    the cell above in the DOCX, so the PDF has a real table with merged cells;
  * the header block (issuer lines, 文号, the 关于…通知 title) is centred, the signature block
    (issuer lines directly before a bare date line near the end) is right-aligned;
  * lines like 一、… / 第一条 … are section headings (bold);
  * a notice whose text has a "时间: … 来源: …" line is a web page: it also gets an HTML rendering
    with a nav bar, the article (tables as <table>) and a site footer.
"""
from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
NOTICES = HERE / "notices"
DOCX_DIR = HERE / "docx"
PDF_DIR = HERE / "pdf"
HTML_DIR = HERE / "html"

CJK_FONT = "Noto Sans CJK SC"
LATIN_FONT = "Liberation Serif"
TEXT_WIDTH_CM = 17.0

DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
WENHAO_RE = re.compile(r"〔\d{4}〕\d+号$")
HEADING_RE = re.compile(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+条)")
WEB_META_RE = re.compile(r"^时间[:：].*来源[:：]")
MD_LINK_RE = re.compile(r"\[([^\]]*)\]\(#\)")


# ---------------------------------------------------------------- parsing

def blocks(text: str):
    """Yield ('p', line) / ('blank', '') / ('table', [rows]) in document order."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append(lines[i].split("\t"))
                i += 1
            width = max(len(r) for r in rows)
            rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
            yield ("table", rows)
            continue
        yield ("p", line.strip()) if line.strip() else ("blank", "")
        i += 1


def classify(items):
    """Return a list of (kind, payload, role) where role is the paragraph role."""
    out = [[k, p, "body"] for k, p in items]
    texts = [(i, p) for i, (k, p, _) in enumerate(out) if k == "p"]
    # title: first 关于…通知 line among the first 15 text lines; lines before it are header
    title_idx = None
    for i, p in texts[:15]:
        if p.startswith("关于") and p.endswith("通知"):
            title_idx = i
            break
    web = any(k == "p" and WEB_META_RE.match(p) for k, p, _ in out)
    if title_idx is not None:
        out[title_idx][2] = "title"
        if not web:
            for i, p in texts:
                if i >= title_idx:
                    break
                out[i][2] = "header"
    for i, p in texts:
        if WENHAO_RE.search(p) and len(p) < 30:
            out[i][2] = "wenhao"
        elif WEB_META_RE.match(p):
            out[i][2] = "meta"
        elif p.startswith("第") and HEADING_RE.match(p) and out[i][2] == "body":
            out[i][2] = "article"
        elif HEADING_RE.match(p) and out[i][2] == "body" and len(p) < 40:
            out[i][2] = "heading"
    # signature: a bare date line in the last part of the document + the short lines just before it
    for pos, (i, p) in enumerate(texts):
        if DATE_RE.match(p) and pos > len(texts) * 0.5:
            out[i][2] = "sign"
            j = pos - 1
            while j >= 0 and len(texts[j][1]) <= 24 and not texts[j][1][:1].isdigit() \
                    and not texts[j][1].startswith("附件") and out[texts[j][0]][2] == "body" \
                    and texts[j][1].endswith(("局", "厅", "室", "会", "院", "办公室", "委员会")):
                out[texts[j][0]][2] = "sign"
                j -= 1
    # caption: a short line directly before a table
    for i, (k, p, r) in enumerate(out):
        if k == "table":
            j = i - 1
            while j >= 0 and out[j][0] == "blank":
                j -= 1
            if j >= 0 and out[j][0] == "p" and len(out[j][1]) < 40 and out[j][2] == "body" \
                    and out[j][1].endswith("表"):
                out[j][2] = "caption"
    return out, web


# ---------------------------------------------------------------- DOCX

def set_run_font(run, size=None, bold=None):
    run.font.name = LATIN_FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), CJK_FONT)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def base_document() -> Document:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)  # A4
    sec.left_margin = sec.right_margin = Cm(2.0)
    sec.top_margin, sec.bottom_margin = Cm(2.5), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), CJK_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    pf = normal.paragraph_format
    pf.space_after = Pt(3)
    pf.line_spacing = 1.25
    return doc


def mark_header_row(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def add_table(doc, rows):
    ncols = len(rows[0])
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # column width: room for up to 5 full-width characters (9 pt) plus padding, the rest of the
    # text width shared in proportion to how much longer the column's longest cell is
    def vlen(s):
        return sum(1.0 if ord(ch) > 0x2e80 else 0.55 for ch in s)
    char_cm, pad_cm = 0.3175, 0.4
    longest = [max(vlen(r[c]) for r in rows) for c in range(ncols)]
    base = [min(max(n, 2), 5) * char_cm + pad_cm for n in longest]
    extra = [min(max(n - 5, 0), 14) for n in longest]
    rest = max(TEXT_WIDTH_CM - sum(base), 0)
    widths_cm = [b + (rest * e / sum(extra) if sum(extra) else rest / ncols) for b, e in zip(base, extra)]
    widths = [Cm(w) for w in widths_cm]
    for r, row in enumerate(rows):
        for c, val in enumerate(row):
            cell = table.cell(r, c)
            cell.width = widths[c]
            para = cell.paragraphs[0]
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.line_spacing = 1.0
            if val:
                run = para.add_run(val)
                set_run_font(run, size=9, bold=(r == 0))
            if r == 0 or c == 0:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark_header_row(table.rows[0])
    # LibreOffice takes column widths from <w:tblGrid>, not from the cells
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    for row in table.rows:  # keep each row on one page
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    # vertical merges: leading empty cells of a continuation row continue the cell above
    for c in range(ncols):
        r = 1
        while r < len(rows):
            if rows[r][0] == "" and all(rows[r][k] == "" for k in range(c + 1)) and r > 1:
                start = r - 1
                end = r
                while end + 1 < len(rows) and all(rows[end + 1][k] == "" for k in range(c + 1)):
                    end += 1
                # only merge leading columns that are empty in the whole continuation run
                table.cell(start, c).merge(table.cell(end, c))
                r = end + 1
            else:
                r += 1
    return table


def build_docx(txt_path: Path, out_path: Path):
    text = txt_path.read_text(encoding="utf-8")
    items, web = classify(list(blocks(text)))
    doc = base_document()
    prev_blank = False
    for kind, payload, role in items:
        if kind == "blank":
            prev_blank = True
            continue
        if kind == "table":
            add_table(doc, payload)
            doc.add_paragraph()
            prev_blank = False
            continue
        p = doc.add_paragraph()
        size, bold = None, None
        if role == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            size, bold = 16, True
            p.paragraph_format.space_before = Pt(12)
            p.paragraph_format.space_after = Pt(12)
        elif role == "header":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            size, bold = 14, True
        elif role == "wenhao":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif role == "sign":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif role == "caption":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            size, bold = 12, True
        elif role == "heading":
            bold = True
        elif role == "meta":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            size = 9
        else:
            if not (payload.startswith("[") or payload.startswith("【")):
                p.paragraph_format.first_line_indent = Pt(21)
        if role == "article":  # 第一条 申报范围。… : bold article number and caption
            p.paragraph_format.first_line_indent = Pt(21)
            cut = payload.find("。") + 1
            if not 0 < cut <= 16:
                cut = len(payload.split()[0])
            set_run_font(p.add_run(payload[:cut]), bold=True)
            set_run_font(p.add_run(payload[cut:]))
            continue
        run = p.add_run(payload)
        set_run_font(run, size=size, bold=bold)
        prev_blank = False
    out_path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out_path)
    return web


# ---------------------------------------------------------------- PDF

def docx_to_pdf(docx_path: Path, pdf_dir: Path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("soffice not found: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk")
    pdf_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(pdf_dir), str(docx_path)],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    return pdf_dir / (docx_path.stem + ".pdf")


# ---------------------------------------------------------------- HTML (web-page notices)

def md_links_to_html(s: str) -> str:
    out, pos = [], 0
    for m in MD_LINK_RE.finditer(s):
        out.append(html.escape(s[pos:m.start()]))
        out.append(f'<a href="#">{html.escape(m.group(1))}</a>')
        pos = m.end()
    out.append(html.escape(s[pos:]))
    return "".join(out)


def build_html(txt_path: Path, out_path: Path):
    text = txt_path.read_text(encoding="utf-8")
    items, _ = classify(list(blocks(text)))
    nav, crumbs, title, meta, body, footer = [], "", "", "", [], []
    in_footer = False
    for kind, payload, role in items:
        if kind == "blank":
            continue
        if kind == "table":
            rows = payload
            t = ['<table class="schedule" border="1" cellspacing="0" cellpadding="4">']
            t.append("<thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in rows[0]) + "</tr></thead><tbody>")
            for r in rows[1:]:
                t.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>")
            t.append("</tbody></table>")
            body.append("\n".join(t))
            continue
        if payload.startswith("【打印本页】"):
            in_footer = True
        if in_footer:
            footer.append(payload)
        elif role == "title":
            title = payload
        elif role == "meta":
            meta = payload
        elif payload.startswith("当前位置"):
            crumbs = payload
        elif not title and MD_LINK_RE.search(payload):
            nav.append(payload)
        elif MD_LINK_RE.fullmatch(payload):
            body.append(f'<p class="attach">{md_links_to_html(payload)}</p>')
        else:
            cls = {"heading": ' class="h"', "sign": ' class="sign"'}.get(role, "")
            body.append(f"<p{cls}>{md_links_to_html(payload)}</p>")
    foot_html = "\n".join(f"<p>{md_links_to_html(x)}</p>" for x in footer)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}_通知公告_淄博市人力资源和社会保障局</title>
<meta name="keywords" content="职称评审,化工工程,高级工程师">
<style>
body {{ font-family: "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 0; background: #f2f2f2; }}
.top {{ background: #1b5fa8; color: #fff; padding: 10px 40px; font-size: 22px; }}
.nav {{ background: #124a85; padding: 6px 40px; }}
.nav a {{ color: #fff; margin-right: 18px; text-decoration: none; }}
.crumbs {{ padding: 8px 40px; font-size: 13px; color: #666; }}
.article {{ background: #fff; margin: 0 40px; padding: 20px 60px; }}
.article h1 {{ text-align: center; font-size: 22px; }}
.meta {{ text-align: center; font-size: 12px; color: #888; border-bottom: 1px solid #ddd; padding-bottom: 8px; }}
.article p {{ text-indent: 2em; line-height: 1.9; }}
.article p.h {{ font-weight: bold; }}
.article p.sign {{ text-align: right; }}
table.schedule {{ border-collapse: collapse; margin: 10px auto; font-size: 14px; }}
.footer {{ background: #124a85; color: #dfe8f3; font-size: 12px; text-align: center; padding: 14px; margin-top: 20px; }}
.footer a {{ color: #dfe8f3; }}
</style>
</head>
<body>
<div class="top">淄博市人力资源和社会保障局 <span style="font-size:13px">[ 无障碍 | 长者模式 | 繁體 | 登录 ]</span></div>
<div class="nav">{''.join(md_links_to_html(n) for n in nav)}</div>
<div class="crumbs">{md_links_to_html(crumbs)}</div>
<div class="article">
<h1>{html.escape(title)}</h1>
<div class="meta">{html.escape(meta)}</div>
{chr(10).join(body)}
<div class="pager">上一篇：<a href="#">关于公布2022年度淄博市化工工程专业高级职称评审通过人员名单的通知</a><br>下一篇：<a href="#">关于开展2023年度专业技术人员继续教育公需科目培训的通知</a></div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
</div>
<div class="footer">
{foot_html}
</div>
<script>/* 统计代码（略） */</script>
</body>
</html>
"""
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(page, encoding="utf-8")


# ---------------------------------------------------------------- main

def main(argv):
    names = argv or sorted(p.stem for p in NOTICES.glob("*.txt"))
    for name in names:
        txt = NOTICES / f"{name}.txt"
        docx_path = DOCX_DIR / f"{name}.docx"
        web = build_docx(txt, docx_path)
        pdf = docx_to_pdf(docx_path, PDF_DIR)
        print(f"{name}: {docx_path.relative_to(HERE)} -> {pdf.relative_to(HERE)}")
        if web:
            html_path = HTML_DIR / f"{name}.html"
            build_html(txt, html_path)
            print(f"{name}: {html_path.relative_to(HERE)}")


if __name__ == "__main__":
    main(sys.argv[1:])
