"""Small inline-SVG charts for the report: grouped bars, lines, histograms. No dependencies.

Every function returns one ``<svg>`` element as a string, sized in CSS pixels, with its own title,
axis labels, value labels and legend, so it reads the same in a browser, a screenshot or print.
"""

from __future__ import annotations

from html import escape

PALETTE = {"ours": "#2563eb", "baseline": "#f59e0b"}
EXTRA = ["#10b981", "#ef4444", "#8b5cf6", "#64748b", "#ec4899", "#14b8a6"]
FONT = "font-family=\"'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif\""


def color(name: str, i: int) -> str:
    return PALETTE.get(name, EXTRA[i % len(EXTRA)])


def _text(x: float, y: float, s: str, size: int = 12, anchor: str = "middle", fill: str = "#1f2937",
          weight: str = "normal", rotate: float | None = None) -> str:
    transform = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}"{transform}>{escape(s)}</text>')


def _frame(width: int, height: int, title: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'style="width:100%;height:auto;max-width:{width * 1.6:.0f}px" {FONT} role="img" aria-label="{escape(title)}">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>'
            + _text(width / 2, 22, title, 15, weight="bold") + "".join(body) + "</svg>")


def _legend(names: list[str], right: float, y: float) -> list[str]:
    """Swatches and names, ending at x = right."""
    out = []
    x = right - sum(26 + 8 * max(len(n), 4) for n in names)
    for i, name in enumerate(names):
        out.append(f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" rx="2" fill="{color(name, i)}"/>')
        out.append(_text(x + 17, y, name, 12, anchor="start"))
        x += 26 + 8 * max(len(name), 4)
    return out


def _y_axis(left: float, top: float, plot_h: float, right: float, y_max: float, percent: bool, ticks: int = 5) -> list[str]:
    out = []
    for t in range(ticks + 1):
        value = y_max * t / ticks
        y = top + plot_h - plot_h * t / ticks
        out.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        label = f"{value * 100:.0f}%" if percent else f"{value:.0f}"
        out.append(_text(left - 6, y + 4, label, 11, anchor="end", fill="#6b7280"))
    return out


def grouped_bars(title: str, categories: list[str], series: dict[str, list[float | None]], *,
                 width: int = 620, height: int = 300, y_max: float = 1.0, percent: bool = True,
                 counts: list[int] | None = None) -> str:
    """Bars per category, one per series; values in [0, y_max]; None draws "–"."""
    left, right, top, bottom = 52, 14, 66, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    names = list(series)
    body = _legend(names, width - right, 44) + _y_axis(left, top, plot_h, width - right, y_max, percent)
    group_w = plot_w / max(1, len(categories))
    bar_w = min(34.0, group_w * 0.8 / max(1, len(names)))
    for ci, cat in enumerate(categories):
        gx = left + ci * group_w + (group_w - bar_w * len(names)) / 2
        for si, name in enumerate(names):
            value = series[name][ci]
            x = gx + si * bar_w
            if value is None:
                body.append(_text(x + bar_w / 2, top + plot_h - 4, "–", 11, fill="#9ca3af"))
                continue
            h = plot_h * min(value, y_max) / y_max
            body.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
                        f'fill="{color(name, si)}"><title>{escape(f"{cat} {name}: {_fmt(value, percent)}")}</title></rect>')
            if bar_w >= 16:
                body.append(_text(x + bar_w / 2 - 1, top + plot_h - h - 4, _fmt(value, percent, short=True), 10))
        label = cat if counts is None else f"{cat} ({counts[ci]})"
        body.append(_text(left + ci * group_w + group_w / 2, top + plot_h + 16, label, 11,
                          rotate=-18 if len(categories) > 6 else None))
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#9ca3af"/>')
    return _frame(width, height, title, body)


def lines(title: str, xs: list[int], series: dict[str, list[float | None]], *, width: int = 420, height: int = 280,
          x_label: str = "k", y_min: float = 0.0) -> str:
    """Lines over integer x (the hit@k curve); y is a share."""
    left, right, top, bottom = 52, 16, 62, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    names = list(series)
    body = _legend(names, width - right, 44)
    span = 1.0 - y_min
    for t in range(6):
        value = y_min + span * t / 5
        y = top + plot_h - plot_h * t / 5
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        body.append(_text(left - 6, y + 4, f"{value * 100:.0f}%", 11, anchor="end", fill="#6b7280"))

    def px(i: int) -> float:
        return left + plot_w * i / max(1, len(xs) - 1)

    for i, x in enumerate(xs):
        body.append(_text(px(i), top + plot_h + 16, str(x), 11, fill="#6b7280"))
    body.append(_text(left + plot_w / 2, height - 8, x_label, 12, fill="#374151"))
    for si, name in enumerate(names):
        pts = [(px(i), top + plot_h - plot_h * (v - y_min) / span) for i, v in enumerate(series[name]) if v is not None]
        if not pts:
            continue
        c = color(name, si)
        body.append(f'<polyline fill="none" stroke="{c}" stroke-width="2.5" points="'
                    + " ".join(f"{x:.1f},{y:.1f}" for x, y in pts) + '"/>')
        for (x, y), v, k in zip(pts, [v for v in series[name] if v is not None], xs):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{c}"><title>{escape(name)} hit@{k}: '
                        f'{v * 100:.1f}%</title></circle>')
        body.append(_text(pts[0][0] + 6, pts[0][1] + 14, f"{series[name][0] * 100:.0f}%", 10, anchor="start", fill=c))
        body.append(_text(pts[-1][0] - 2, pts[-1][1] + (14 if si else -8), f"{series[name][-1] * 100:.0f}%", 10, anchor="end", fill=c))
    return _frame(width, height, title, body)


def histogram(title: str, series: dict[str, list[float]], *, bins: int = 24, width: int = 620, height: int = 300,
              x_label: str = "ms", marks: dict[str, dict[str, float]] | None = None) -> str:
    """Counts of values per bin, the series side by side in each bin; marks: name → {label: value} lines."""
    values = [v for vs in series.values() for v in vs]
    if not values:
        return _frame(width, height, title, [_text(width / 2, height / 2, "no data", 13, fill="#6b7280")])
    left, right, top, bottom = 52, 14, 62, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    hi = sorted(values)[min(len(values) - 1, int(0.99 * len(values)))] * 1.05 or 1.0
    step = hi / bins
    counts = {n: [0] * bins for n in series}
    for n, vs in series.items():
        for v in vs:
            counts[n][min(bins - 1, int(v / step))] += 1  # the last bin holds the slowest 1 %
    c_max = max(max(c) for c in counts.values()) or 1
    body = _legend(list(series), width - right, 44) + _y_axis(left, top, plot_h, width - right, c_max, False, ticks=4)
    bw = plot_w / bins
    for si, (n, cs) in enumerate(counts.items()):
        for b, c in enumerate(cs):
            if c:
                h = plot_h * c / c_max
                x = left + b * bw + si * bw / len(series)
                body.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bw / len(series) - 1:.1f}" '
                            f'height="{h:.1f}" fill="{color(n, si)}" opacity="0.9"><title>{escape(n)}: {c} '
                            f'({b * step:.0f}–{(b + 1) * step:.0f} ms)</title></rect>')
    for t in range(0, 6):
        v = hi * t / 5
        body.append(_text(left + plot_w * t / 5, top + plot_h + 16, f"{v:.0f}", 11, fill="#6b7280"))
    body.append(_text(left + plot_w / 2, height - 8, x_label, 12, fill="#374151"))
    for si, (n, ms) in enumerate((marks or {}).items()):
        for label, v in ms.items():
            x = left + plot_w * min(v, hi) / hi
            c = color(n, si)
            body.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="{c}" '
                        f'stroke-dasharray="4 3" stroke-width="1.5"/>')
            body.append(_text(x + 3, top + 12 + 13 * si + 26 * (label == "p95"), f"{n} {label} {v:.0f}", 10,
                              anchor="start", fill=c))
    return _frame(width, height, title, body)


def _fmt(value: float, percent: bool, short: bool = False) -> str:
    if percent:
        return f"{value * 100:.0f}" if short else f"{value * 100:.1f}%"
    return f"{value:.0f}"
