"""Page chrome of web reposts: lines a web page wraps around a notice, recognised by their form.

A notice saved from a web page (as HTML, as text, or printed to PDF) carries the site's navigation,
breadcrumbs, the page's 时间/来源/浏览次数 line, share and print buttons, links to the previous and
next articles and a footer of ICP and 公安备案 numbers. None of it is the notice's text, and some of it
looks like facts (a view count, the site's phone number, a timestamp beside the notice's own dates).

Pure functions over lines; a line with a TAB (a table row) is never chrome.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\s]*\)")
_LABEL = r"[ \u3000]*[:：]"
_COUNTER = re.compile(rf"(?:浏览|点击|阅读|访问)(?:次数|量|数|率){_LABEL}")
# a label standing alone: "网上申报时间：…" is a notice's own field, not the page's 时间
_INFO_KEYS = re.compile(rf"(?<![\u4e00-\u9fff])(?:(?:发布|更新)?(?:时间|日期)|(?:信息|文章)?来源|作者|发布者|(?:责任)?编辑|字号|字体){_LABEL}")
_NEXT_LABEL = r"(?:浏览|点击|阅读|访问|作者|发布|责任编辑|编辑|字号|字体|【)"
_STAMP = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d{2}")
_BUTTONS = re.compile(r"^(?:[【\[]\s*(?:打印|关闭|字体|字号|收藏|大\s*中\s*小|返回|顶部)[^】\]]{0,12}[】\]]\s*)+$")
_ALWAYS = re.compile(
    r"ICP\s*备|ICP证|公网安备|公安备案|网站标识码|网站识别码|版权所有|Copyright|©|互联网新闻信息服务许可证"
    r"|违法和不良信息举报|网站联系电话|网站地图|建议使用.{0,20}分辨率|^分享到|^(?:上|下)一(?:篇|条)[:：]"
    r"|^(?:您(?:当前|现在)?的?(?:位置|所在位置)|当前位置)[:：]|^[【\[(（]?责任编辑[:：]"
    r"|^主办(?:单位)?[:：].{0,40}(?:承办|技术支持|维护)",
    re.I,
)
_RELATED = re.compile(r"^(?:相关(?:新闻|文章|链接|阅读|信息|推荐)|热点推荐|推荐阅读|延伸阅读|往期(?:推荐|回顾|精选|精彩))[:：]?")
_WIDE_SPACE = re.compile(r"\u3000+|\s{2,}")
_NAV_WORDS = ("首页", "网站地图", "联系我们", "关于我们", "设为首页", "加入收藏", "无障碍", "English", "繁體")
_BREADCRUMB = re.compile(r"^首页\s*(?:>|＞|»|›|/)")
_SENTENCE = re.compile(r"[。；，]")
_FULL_STOP = re.compile(r"[。；]")  # an article title may hold a comma, not a full stop


def link_text(line: str) -> str:
    """A line with markdown links ``[text](url)`` reduced to the links' text."""
    return _LINK.sub(r"\1", line)


def is_chrome(line: str) -> bool:
    """A line of page chrome: navigation, breadcrumb, the page's info line, buttons, share, footer."""
    if "\t" in line:
        return False
    raw = line.strip()
    text = link_text(raw).strip()
    if not text:
        return bool(raw)
    return bool(
        _ALWAYS.search(text)
        or _BUTTONS.match(text)
        or is_info_line(text)
        or _BREADCRUMB.match(text)
        or _is_nav(text)
        or _only_links(raw)
    )


def is_info_line(text: str) -> bool:
    """The page's line under the headline: 时间：… 来源：… 浏览次数：… (a counter, or two such labels)."""
    if _SENTENCE.search(text) or len(text) > 120:
        return False
    labels = len(_INFO_KEYS.findall(text))
    return bool(_COUNTER.search(text)) or labels >= 2 or (bool(_STAMP.match(text)) and labels >= 1)


def _is_nav(text: str) -> bool:
    """A navigation bar: three or more short items separated by "|" (not a markdown table row), or
    by wide spaces ("首页　机构职能　政务公开"), then with a word only a site's menu has (首页): a
    table's header row copied from a PDF is spaced the same way."""
    if text.startswith("|") or text.endswith("|"):
        return False
    if _SENTENCE.search(text):
        return False
    items = [item.strip() for item in re.split(r"[|｜]", text)]
    if len(items) >= 3 and all(items):
        return all(len(item) <= 8 for item in items) or any(item in _NAV_WORDS for item in items)
    spaced = _WIDE_SPACE.split(text.strip())
    return len(spaced) >= 3 and all(len(item) <= 8 for item in spaced) and any(item in _NAV_WORDS for item in spaced)


def _only_links(raw: str) -> bool:
    """Nothing but markdown links (two or more, or any under a 相关链接 label): a nav bar saved as text."""
    label = re.match(r"^[^\[\]]{0,8}[:：]", raw)
    rest = raw[label.end():] if label else raw
    links = len(_LINK.findall(rest))
    enough = links >= 1 if label and _RELATED.match(label.group(0)) else links >= 2
    return enough and not _LINK.sub("", rest).strip(" |>»›/\u3000")


_END = re.compile(r"^分享到|^(?:上|下)一(?:篇|条)|打印|ICP\s*备|公网安备|版权所有|^(?:相关|推荐)")


def drop_chrome(lines: list[str]) -> list[str]:
    """The lines without page chrome: chrome lines, the site name above a nav bar at the top, a
    related-articles list, and footer lines sandwiched between chrome lines below the notice."""
    marks = [is_chrome(line) for line in lines]
    _mark_site_name(lines, marks)
    _mark_related(lines, marks)
    _mark_footer(lines, marks)
    kept = [line if not chrome else _reduced_info(line) for line, chrome in zip(lines, marks)]
    return [line for line in kept if line is not None]


def _reduced_info(line: str) -> str | None:
    """The page's info line cut to its timestamp and 来源 (the notice's metadata reads them until it
    takes :func:`page_info`); None for any other chrome line, and for an info line with neither."""
    text = link_text(line).strip()
    if not is_info_line(text) or "\t" in line:
        return None
    info = page_info([text])
    label = re.search(r"((?:发布|更新)?(?:时间|日期))[ \u3000]*[:：]", text)
    parts = [f"{label.group(1) if label else '时间'}：{info['published']}"] if "published" in info else []
    parts += [f"来源：{info['source']}"] if "source" in info else []
    return "\u3000".join(parts) or None


def _mark_site_name(lines: list[str], marks: list[bool]) -> None:
    """Short lines above a nav bar or breadcrumb among the first three lines: the site's name. Not
    those above the page's info line: the headline sits there ("朝阳区2025年度职称申报常见问题解答")."""
    filled = [i for i, line in enumerate(lines) if line.strip()][:3]
    first = next((i for i in filled if marks[i] and not is_info_line(link_text(lines[i]).strip())), None)
    if first is None:
        return
    above = [i for i in filled if i < first]
    if all(len(lines[i].strip()) <= 20 and not _SENTENCE.search(lines[i]) for i in above):
        for i in above:
            marks[i] = True


def _mark_related(lines: list[str], marks: list[bool]) -> None:
    """A 相关新闻/相关文章 heading and the article titles under it (blank lines between them allowed)."""
    related = False
    for i, line in enumerate(lines):
        text = link_text(line).strip()
        if related and (not text or ("\t" not in line and len(text) <= 60 and not _FULL_STOP.search(text))):
            marks[i] = marks[i] or bool(text)
            continue
        related = bool(_RELATED.match(text)) and len(text) <= 12
        marks[i] = marks[i] or related


def _mark_footer(lines: list[str], marks: list[bool]) -> None:
    """Below the first end marker (share, 上一篇, print, ICP …) in the second half: a short line whose
    nearest non-blank neighbours are both chrome is part of the footer (地址/电话 of the site)."""
    half = len(lines) // 2
    start = next((i for i in range(half, len(lines)) if marks[i] and _END.search(link_text(lines[i]).strip())), None)
    if start is None:
        return
    filled = [i for i in range(start, len(lines)) if lines[i].strip()]
    for before, here, after in zip(filled, filled[1:], filled[2:]):
        if marks[before] and marks[after] and not marks[here] and len(lines[here].strip()) <= 80 \
                and "\t" not in lines[here]:
            marks[here] = True


def page_info(lines: list[str]) -> dict[str, str]:
    """What the page's info line says (``published``, ``source``), kept for the notice's metadata."""
    for line in lines:
        text = link_text(line).strip()
        if not is_info_line(text):
            continue
        info = {}
        if m := re.search(r"(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)", text):
            info["published"] = m.group(1)
        if m := re.search(rf"来源[ \u3000]*[:：][ \u3000]*(.+?)(?=[\s\u3000]|{_NEXT_LABEL}|$)", text):
            info["source"] = m.group(1)
        return info
    return {}
