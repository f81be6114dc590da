"""A notice as a readable page, one block per passage with an anchor a citation can jump to."""

from __future__ import annotations

import html
from urllib.parse import quote

from assistant.models import NoticeMeta, Passage

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;max-width:860px;margin:0 auto;
padding:16px;line-height:1.75;color:#1f2933}
h1{font-size:1.35em;line-height:1.4}.meta{color:#52606d;font-size:.92em}
.p{padding:6px 10px;margin:4px 0;border-left:3px solid transparent;white-space:pre-wrap;word-break:break-word}
.sec{color:#7b8794;font-size:.85em}.p:target{background:#fff7d6;border-left-color:#f0b429}
"""


def notice_html(meta: NoticeMeta, passages: list[Passage]) -> str:
    facts = [("发文单位", meta.issuer), ("文号", meta.doc_number), ("发布日期", meta.issue_date),
             ("地区", meta.region_label), ("年度", str(meta.year) if meta.year else None)]
    meta_line = " · ".join(f"{k}：{html.escape(v)}" for k, v in facts if v)
    blocks = "\n".join(
        f'<div class="p" id="p-{html.escape(p.id)}"><div class="sec">{html.escape(p.section_label)} · 第{p.page}页</div>'
        f"{html.escape(p.text)}</div>"
        for p in passages
    )
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(meta.title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{html.escape(meta.title)}</h1><p class=\"meta\">{meta_line}</p>"
        f'<p class="meta"><a href="/notice/{quote(meta.notice_id)}/file">下载原文件（{html.escape(meta.file_name)}）</a></p>'
        f"{blocks}</body></html>"
    )
