"""``python -m eval report``: one self-contained HTML page (inline CSS and SVG) and a Markdown twin.

Input: the JSON of ``python -m eval run-all`` (or of ``python -m eval run``; several may be merged).
Sections: scores per dataset, ours against the baseline; where the baseline is as good or better;
charts (per-kind accuracy, hit@k, latency, robustness); robustness, per-notice, conversation,
eligibility and faithfulness tables; every failed item with what was retrieved and what was expected.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from eval import charts

METRIC_COLUMNS = [
    ("hit@1", "hit@1"), ("hit@5", "hit@5"), ("mrr", "MRR"), ("answer_accuracy", "答案正确率"),
    ("citation_support", "引用支持"), ("abstention_accuracy", "拒答正确率"), ("false_abstention", "误拒率"),
    ("faithfulness", "事实忠实"),
]
LOWER_IS_BETTER = {"false_abstention"}
PERTURBATION_LABELS = {"no_city": "去掉城市", "traditional": "繁体", "typo": "错别字", "noise": "客套/噪声", "colloquial": "口语"}
SHOWN_RETRIEVED = 5


# ------------------------------------------------------------------------------------- loading


def load_runs(paths: list[Path]) -> dict:
    """One run document from one or more JSON files (run-all documents, or single ``eval run`` reports)."""
    merged: dict = {"datasets": {}, "sources": [str(p) for p in paths]}
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if "datasets" not in doc:  # a single `python -m eval run --json` report
            doc = {"datasets": {path.stem: {"path": doc.get("dataset"), "docs": doc.get("docs", []), "kind": "questions",
                                            "n": doc["metrics"]["n"], "systems": {"ours": doc}, "robustness": {}}}}
        for key, value in doc.items():
            if key == "datasets":
                for name, ds in value.items():
                    unique = name if name not in merged["datasets"] else f"{name} ({path.stem})"
                    merged["datasets"][unique] = ds
            else:
                merged.setdefault(key, value)
    return merged


def write_report(run: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, md_path = out_dir / "report.html", out_dir / "report.md"
    html_path.write_text(render_html(run), encoding="utf-8")
    md_path.write_text(render_markdown(run), encoding="utf-8")
    return html_path, md_path


# ------------------------------------------------------------------------------------- helpers


def systems_of(run: dict) -> list[str]:
    names = {s for ds in run["datasets"].values() for s in ds["systems"]}
    return [s for s in ("ours", "baseline") if s in names] + sorted(names - {"ours", "baseline"})


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def delta(ours: float | None, base: float | None, lower_better: bool = False) -> str:
    if ours is None or base is None:
        return ""
    d = (ours - base) * 100
    good = d < 0 if lower_better else d > 0
    cls = "good" if good else ("bad" if d else "flat")
    return f'<span class="{cls}">{d:+.1f}</span>'


def failed(r: dict) -> bool:
    return (r["answerable"] and not r["correct"]) or (not r["answerable"] and not r["abstained"])


def h(text) -> str:
    return escape(str(text))


# ------------------------------------------------------------------------------------- HTML


CSS = """
body{font-family:'Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei',sans-serif;margin:0;color:#1f2937;
background:#f8fafc;font-size:14px;line-height:1.5}
main{max-width:1260px;margin:0 auto;padding:20px 28px 60px}
h1{font-size:24px;margin:8px 0 4px}h2{font-size:19px;margin:34px 0 10px;border-bottom:2px solid #e5e7eb;padding-bottom:4px}
h3{font-size:16px;margin:22px 0 8px}.meta{color:#6b7280;font-size:13px}
table{border-collapse:collapse;background:#fff;margin:8px 0 14px;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:right;vertical-align:top}
th{background:#f1f5f9;font-weight:600}td.l,th.l{text-align:left}
tr.ours td{background:#eff6ff}tr.baseline td{background:#fffbeb}tr.delta td{background:#fff;color:#6b7280;font-size:12px}
.good{color:#15803d;font-weight:600}.bad{color:#b91c1c;font-weight:600}.flat{color:#6b7280}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:14px}
.grid3{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:14px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:8px}
.fail{background:#fff;border:1px solid #e5e7eb;border-left:4px solid #ef4444;border-radius:6px;padding:8px 12px;margin:10px 0}
.fail .q{font-weight:600}.fail pre{white-space:pre-wrap;background:#f8fafc;padding:6px 8px;margin:4px 0;font-size:12.5px;
font-family:inherit;max-height:220px;overflow:auto}.tag{display:inline-block;background:#e5e7eb;border-radius:4px;padding:0 6px;
font-size:12px;margin-right:4px}.tag.kind{background:#dbeafe}.tag.warn{background:#fee2e2}
.fail table{width:100%}.fail td,.fail th{text-align:left}.fail .ctx{color:#6b7280;font-size:12.5px}.note{background:#fefce8;border:1px solid #fde68a;padding:8px 12px;border-radius:6px}
details{margin:6px 0}summary{cursor:pointer;color:#1d4ed8}
"""


def render_html(run: dict) -> str:
    parts = [f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>评估报告</title><style>{CSS}</style>"
             "</head><body><main>", _html_header(run), _html_summary(run), _html_not_better(run), _html_charts(run),
             _html_robustness(run), _html_per_notice(run), _html_conversations(run), _html_eligibility(run),
             _html_faithfulness(run), _html_failures(run), "</main></body></html>"]
    return "\n".join(p for p in parts if p)


def _html_header(run: dict) -> str:
    bits = [f"生成 {h(run.get('created', '–'))}", f"commit {h(run.get('git') or '–')}"]
    if run.get("wall_seconds") is not None:
        bits.append(f"整套运行 {run['wall_seconds']:.0f} 秒")
    if run.get("machine"):
        bits.append(f"{run['machine'].get('cpus')} 核 · Python {h(run['machine'].get('python'))}")
    if run.get("embedding_model"):
        bits.append(f"嵌入模型 {h(run['embedding_model'])}")
    systems = "".join(f"<li><b>{h(k)}</b>：{h(v)}</li>" for k, v in run.get("systems", {}).items())
    return (f"<h1>职称政策助手 · 离线评估报告</h1><p class='meta'>{' · '.join(bits)}</p>"
            + (f"<ul class='meta'>{systems}</ul>" if systems else "")
            + "<p class='meta'>百分比越高越好（误拒率越低越好）。Δ = ours − baseline（百分点）。"
              "延迟在两个系统并行运行时测得（2 核）。</p>")


def _html_summary(run: dict) -> str:
    head = "".join(f"<th>{h(label)}</th>" for _, label in METRIC_COLUMNS)
    rows = []
    for name, ds in run["datasets"].items():
        systems = [s for s in systems_of(run) if s in ds["systems"]]
        for s in systems:
            m = ds["systems"][s]["metrics"]
            cells = "".join(f"<td>{pct(m.get(k))}</td>" for k, _ in METRIC_COLUMNS)
            rows.append(f"<tr class='{h(s)}'><td class='l'><b>{h(name)}</b></td><td class='l'>{h(s)}</td><td>{m['n']}</td>"
                        f"{cells}<td>{ms(m.get('latency_p50_ms'))}</td><td>{ms(m.get('latency_p95_ms'))}</td></tr>")
        if {"ours", "baseline"} <= set(systems):
            o, b = ds["systems"]["ours"]["metrics"], ds["systems"]["baseline"]["metrics"]
            cells = "".join(f"<td>{delta(o.get(k), b.get(k), k in LOWER_IS_BETTER)}</td>" for k, _ in METRIC_COLUMNS)
            rows.append(f"<tr class='delta'><td class='l'></td><td class='l'>Δ</td><td></td>{cells}<td></td><td></td></tr>")
    return (f"<h2>各数据集得分：ours 对 baseline</h2><table><tr><th class='l'>数据集</th><th class='l'>系统</th><th>n</th>{head}"
            f"<th>p50 ms</th><th>p95 ms</th></tr>{''.join(rows)}</table>")


def _html_not_better(run: dict) -> str:
    """Where the baseline is as good or better: kinds, and items it gets right that ours gets wrong."""
    blocks = []
    for name, ds in run["datasets"].items():
        if not {"ours", "baseline"} <= set(ds["systems"]):
            continue
        ok, bk = ds["systems"]["ours"]["by_kind"], ds["systems"]["baseline"]["by_kind"]
        kinds = [f"{k}（ours {pct(_acc(ok[k]))} / baseline {pct(_acc(bk[k]))}）" for k in ok
                 if k in bk and _acc(bk[k]) is not None and _acc(ok[k]) is not None and _acc(bk[k]) >= _acc(ok[k])]
        ours = {r["id"]: r for r in ds["systems"]["ours"]["results"]}
        wins = [r for r in ds["systems"]["baseline"]["results"] if not failed(r) and failed(ours[r["id"]])]
        items = "".join(f"<li>{h(r['id'])} {h(r['question'])}<br><span class='meta'>baseline：{h(r['answer'][:140])}"
                        f"<br>ours：{h(ours[r['id']]['answer'].splitlines()[0][:140] if ours[r['id']]['answer'] else '')}"
                        "</span></li>" for r in wins)
        blocks.append(f"<h3>{h(name)}</h3><p>baseline 不差于 ours 的类别：{h('；'.join(kinds)) or '无'}。"
                      f"baseline 答对而 ours 答错的题：{len(wins)}。</p>"
                      + (f"<details><summary>列出 {len(wins)} 题</summary><ul>{items}</ul></details>" if wins else ""))
    return "<h2>ours 不比 baseline 好的地方</h2>" + "".join(blocks) if blocks else ""


def _acc(m: dict) -> float | None:
    return m.get("answer_accuracy") if m.get("n_answerable") else m.get("abstention_accuracy")


def _html_charts(run: dict) -> str:
    systems = systems_of(run)
    kind_charts, hit_charts, rob_charts = [], [], []
    for name, ds in run["datasets"].items():
        present = [s for s in systems if s in ds["systems"]]
        kinds = list(ds["systems"][present[0]]["by_kind"])
        series = {s: [_acc(ds["systems"][s]["by_kind"].get(k, {})) for k in kinds] for s in present}
        counts = [ds["systems"][present[0]]["by_kind"][k]["n"] for k in kinds]
        kind_charts.append(charts.grouped_bars(f"{name}：各类别正确率（拒答类为拒答正确率）", kinds, series, counts=counts))
        curves = {s: ds["systems"][s]["metrics"].get("hit_at_k") for s in present}
        curves = {s: c for s, c in curves.items() if c}
        if curves:
            hit_charts.append(charts.lines(f"{name}：hit@k（k = 1…10）", list(range(1, 11)), curves))
        if ds.get("robustness"):
            cats = ["原题"] + [PERTURBATION_LABELS.get(p, p) for p in ds["robustness"]]
            rob = {s: [ds["systems"][s]["metrics"]["answer_accuracy"]]
                   + [col.get(s, {}).get("answer_accuracy") for col in ds["robustness"].values()] for s in present}
            rob_charts.append(charts.grouped_bars(f"{name}：扰动后的答案正确率", cats, rob))
    latencies = {s: [r["latency_ms"] for ds in run["datasets"].values() if s in ds["systems"]
                     for r in ds["systems"][s]["results"]] for s in systems}
    marks = {s: {"p50": _quantile(v, 0.5), "p95": _quantile(v, 0.95)} for s, v in latencies.items() if v}
    latency = charts.histogram("每题延迟分布（全部数据集，原题）", latencies, marks=marks, x_label="毫秒 / 题")

    def grid(items: list[str], cls: str = "grid") -> str:
        return f"<div class='{cls}'>" + "".join(f"<div class='card'>{c}</div>" for c in items) + "</div>"

    return ("<h2>图表</h2><h3>各类别正确率</h3>" + grid(kind_charts) + "<h3>检索：hit@k 曲线</h3>"
            + grid(hit_charts, "grid3") + "<h3>延迟</h3>" + grid([latency]) + "<h3>鲁棒性</h3>" + grid(rob_charts))


def _quantile(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


def _html_robustness(run: dict) -> str:
    rows = []
    names = [p for p in run.get("perturbations") or _perturbation_names(run)]
    if not names:
        return ""
    for name, ds in run["datasets"].items():
        for s in [s for s in systems_of(run) if s in ds["systems"]]:
            cells = [f"<td>{pct(ds['systems'][s]['metrics']['answer_accuracy'])}</td>"]
            for p in names:
                col = ds.get("robustness", {}).get(p)
                if not col or s not in col:
                    cells.append("<td>–</td>")
                    continue
                now, before = col[s]["answer_accuracy"], col[f"{s}_plain"]["answer_accuracy"]
                cells.append(f"<td>{pct(now)} {delta(now, before)}<br><span class='meta'>拒答 {pct(col[s]['abstention_accuracy'])}"
                             f" · n={col['n']}</span></td>")
            rows.append(f"<tr class='{h(s)}'><td class='l'><b>{h(name)}</b></td><td class='l'>{h(s)}</td>{''.join(cells)}</tr>")
    head = "".join(f"<th>{h(PERTURBATION_LABELS.get(p, p))}</th>" for p in names)
    broken = []
    for name, ds in run["datasets"].items():
        for p, col in ds.get("robustness", {}).items():
            items = col.get("ours_broken") or []
            if items:
                lis = "".join(f"<li>{h(b['id'])}：{h(b['question'])} → <b>{h(b['perturbed'])}</b><br>"
                              f"<span class='meta'>{'拒答' if b['abstained'] else h(b['answer'][:160])}</span></li>" for b in items)
                broken.append(f"<details><summary>{h(name)} · {h(PERTURBATION_LABELS.get(p, p))}：ours 原题答对、扰动后答错 "
                              f"{len(items)} 题（最多列 25）</summary><ul>{lis}</ul></details>")
    return ("<h2>鲁棒性（扰动后的答案正确率；Δ 为同一批题原题→扰动的变化，百分点）</h2>"
            "<p class='meta'>去掉城市：原本不可回答的题去掉城市后可能变得可回答，这些题不计入该列。</p>"
            f"<table><tr><th class='l'>数据集</th><th class='l'>系统</th><th>原题</th>{head}</tr>{''.join(rows)}</table>"
            + "".join(broken))


def _perturbation_names(run: dict) -> list[str]:
    return list(dict.fromkeys(p for ds in run["datasets"].values() for p in ds.get("robustness", {})))


def _html_per_notice(run: dict) -> str:
    rows = []
    for name, ds in run["datasets"].items():
        present = [s for s in systems_of(run) if s in ds["systems"]]
        for src, m in ds["systems"][present[0]].get("by_source", {}).items():
            cells = "".join(
                f"<td>{pct(ds['systems'][s].get('by_source', {}).get(src, {}).get('answer_accuracy'))} / "
                f"{pct(ds['systems'][s].get('by_source', {}).get(src, {}).get('abstention_accuracy'))}</td>" for s in present)
            rows.append(f"<tr><td class='l'>{h(name)}</td><td class='l'>{h(src)}</td><td>{m['n']}</td>{cells}</tr>")
    head = "".join(f"<th>{h(s)}：答案 / 拒答</th>" for s in systems_of(run))
    return (f"<h2>按通知（source）</h2><table><tr><th class='l'>数据集</th><th class='l'>通知</th><th>n</th>{head}</tr>"
            f"{''.join(rows)}</table>")


def _html_conversations(run: dict) -> str:
    blocks = []
    for name, ds in run["datasets"].items():
        if ds.get("kind") != "conversations":
            continue
        rows = []
        for s, sysrun in ds["systems"].items():
            c = sysrun.get("conversation") or {}
            first, follow = c.get("by_turn", {}).get("first turn", {}), c.get("by_turn", {}).get("follow-up", {})
            mode = run.get("conversation_mode", {}).get(s, "–")
            rows.append(f"<tr class='{h(s)}'><td class='l'>{h(s)}</td><td class='l'>{h(mode)}</td>"
                        f"<td>{pct(c.get('conversation_accuracy'))}</td><td>{pct(first.get('answer_accuracy'))}</td>"
                        f"<td>{pct(follow.get('answer_accuracy'))}</td><td>{pct(follow.get('abstention_accuracy'))}</td>"
                        f"<td>{c.get('n_conversations', '–')}</td></tr>")
        blocks.append(f"<h3>{h(name)}</h3><table><tr><th class='l'>系统</th><th class='l'>上下文</th><th>整段对话全对</th>"
                      "<th>首轮答案正确率</th><th>追问答案正确率</th><th>追问拒答正确率</th><th>对话数</th></tr>"
                      + "".join(rows) + "</table>")
    return ("<h2>多轮对话</h2><p class='meta'>history：把前几轮问题作为 history 传给 Assistant.ask；standalone：每轮单独提问。</p>"
            + "".join(blocks)) if blocks else ""


def _html_eligibility(run: dict) -> str:
    e = run.get("eligibility")
    if not e:
        return ""
    if e.get("status") != "ok":
        return f"<h2>资格评估</h2><p class='note'>未评分：{h(e.get('note', ''))}</p>"
    m = e["metrics"]
    rows = "".join(f"<tr><td class='l'>{h(f)}</td><td>{fm['n']}</td><td>{pct(fm['verdict_accuracy'])}</td>"
                   f"<td>{pct(fm['reason_accuracy'])}</td><td>{fm['errors']}</td></tr>" for f, fm in e.get("by_file", {}).items())
    bad = [r for r in e.get("results", []) if not r["verdict_ok"] or r["rules_ok"] is False]
    items = "".join(f"<div class='fail'><span class='tag'>{h(r['id'])}</span><span class='tag kind'>{h(r['path'])}</span>"
                    f"<div class='q'>{h(r['input'])}</div>期望 {h(' / '.join(r['expected']))}，得到 <b>{h(r['verdict'])}</b>；"
                    f"应含规则 {h(', '.join(r['expected_rules']) or '–')}，实际 {h(', '.join(r['rules']) or '–')}"
                    + (f"<br><span class='bad'>{h(r['error'])}</span>" if r.get("error") else "") + "</div>" for r in bad)
    return (f"<h2>资格评估</h2><p class='meta'>{h(e.get('note', ''))}</p><table><tr><th class='l'>用例文件</th><th>n</th>"
            f"<th>结论正确率</th><th>理由（规则 id）正确率</th><th>出错</th></tr>{rows}<tr><td class='l'><b>合计</b></td>"
            f"<td>{m['n']}</td><td>{pct(m['verdict_accuracy'])}</td><td>{pct(m['reason_accuracy'])}</td><td>{m['errors']}</td>"
            f"</tr></table>" + (f"<h3>未通过的用例（{len(bad)}）</h3>{items}" if bad else "<p>全部用例通过。</p>"))


def _html_faithfulness(run: dict) -> str:
    items = []
    for name, ds in run["datasets"].items():
        for s, sysrun in ds["systems"].items():
            for r in sysrun["results"]:
                if r.get("unfaithful"):
                    items.append(f"<li>{h(name)} · {h(s)} · {h(r['id'])}：{h(r['question'])}<br>"
                                 f"<span class='bad'>引用中找不到：{h('、'.join(r['unfaithful']))}</span>"
                                 f"<br><span class='meta'>{h(r['answer'][:200])}</span></li>")
    return ("<h2>事实忠实性（答案中的日期、金额、电话、邮箱、数量、地址都出现在所引段落中）</h2>"
            + (f"<ul>{''.join(items)}</ul>" if items else "<p>所有作答的答案都通过了检查。</p>"))


def _html_failures(run: dict) -> str:
    out = ["<h2>失败的题目</h2><p class='meta'>可回答题：答案没有满足 answer_must 或拒答了；不可回答题：没有拒答。"
           "检索列出前 5 段（★ = 含证据）。</p>"]
    for name, ds in run["datasets"].items():
        for s in [s for s in systems_of(run) if s in ds["systems"]]:
            results = ds["systems"][s]["results"]
            bad = [r for r in results if failed(r)]
            cards = "".join(_failure_card(r, _earlier(results, r)) for r in bad)
            title = f"{h(name)} · {h(s)}：{len(bad)} / {len(ds['systems'][s]['results'])} 题失败"
            if s == "ours":
                out.append(f"<h3>{title}</h3>{cards}")
            else:
                out.append(f"<details><summary>{title}</summary>{cards}</details>")
    return "".join(out)


def _earlier(results: list[dict], r: dict) -> list[str]:
    """The questions asked before this turn in its conversation (none for a plain question)."""
    if not r.get("conversation"):
        return []
    return [x["question"] for x in results if x.get("conversation") == r["conversation"] and x["turn"] < r["turn"]]


def _failure_card(r: dict, earlier: list[str] = ()) -> str:
    tags = [f"<span class='tag'>{h(r['id'])}</span>", f"<span class='tag kind'>{h(r['kind'])}</span>"]
    if r.get("phrasing"):
        tags.append(f"<span class='tag'>{h(r['phrasing'])}</span>")
    if r.get("follow_up"):
        tags.append("<span class='tag'>追问</span>")
    tags.append(f"<span class='tag'>source {h(r.get('source') or '—')}</span>")
    if r["abstained"]:
        tags.append("<span class='tag warn'>拒答</span>")
    if r["answerable"]:
        must = " 且 ".join("（" + " 或 ".join(g) + "）" for g in r.get("expected_must", [])) if r.get("expected_must") else ""
        expected = (f"应答出：{h(must) or '见 answer_must'}；证据：{h(' | '.join(r.get('expected_evidence', [])) or '–')}；"
                    f"证据排名 {r['support_rank'] or '未检索到'}")
    else:
        expected = "应拒答（通知中没有答案）"
    rows = "".join(
        f"<tr><td>{i}{' ★' if r['answerable'] and r['support_rank'] == i else ''}</td><td>{h(x.get('notice_id'))}</td>"
        f"<td>{h(x.get('section'))}</td><td>{x.get('score')}</td><td>{h(x.get('snippet', ''))}</td></tr>"
        for i, x in enumerate(r["retrieved"][:SHOWN_RETRIEVED], 1))
    context = f"<div class='ctx'>上文：{h(' → '.join(earlier))}</div>" if earlier else ""
    return (f"<div class='fail'>{''.join(tags)}{context}<div class='q'>{h(r['question'])}</div><div>{expected}</div>"
            f"<pre>{h(r['answer'])}</pre><table><tr><th>#</th><th>通知</th><th>章节</th><th>分数</th><th>段落</th></tr>"
            f"{rows}</table></div>")


# ------------------------------------------------------------------------------------- Markdown


def render_markdown(run: dict) -> str:
    lines = ["# 职称政策助手 · 离线评估报告", "",
             f"生成 {run.get('created', '–')} · commit {run.get('git') or '–'}"
             + (f" · 整套运行 {run['wall_seconds']:.0f} 秒" if run.get("wall_seconds") is not None else ""), ""]
    for k, v in run.get("systems", {}).items():
        lines.append(f"- **{k}**: {v}")
    lines += ["", "## 各数据集得分", "",
              "| 数据集 | 系统 | n | " + " | ".join(label for _, label in METRIC_COLUMNS) + " | p50 ms | p95 ms |",
              "|---|---|---:|" + "---:|" * len(METRIC_COLUMNS) + "---:|---:|"]
    for name, ds in run["datasets"].items():
        for s in [s for s in systems_of(run) if s in ds["systems"]]:
            m = ds["systems"][s]["metrics"]
            lines.append(f"| {name} | {s} | {m['n']} | " + " | ".join(pct(m.get(k)) for k, _ in METRIC_COLUMNS)
                         + f" | {ms(m.get('latency_p50_ms'))} | {ms(m.get('latency_p95_ms'))} |")
    names = run.get("perturbations") or _perturbation_names(run)
    if names:
        lines += ["", "## 鲁棒性（答案正确率）", "", "| 数据集 | 系统 | 原题 | "
                  + " | ".join(PERTURBATION_LABELS.get(p, p) for p in names) + " |", "|---|---|---:|" + "---:|" * len(names)]
        for name, ds in run["datasets"].items():
            for s in [s for s in systems_of(run) if s in ds["systems"]]:
                cols = [pct((ds.get("robustness", {}).get(p, {}).get(s) or {}).get("answer_accuracy")) for p in names]
                lines.append(f"| {name} | {s} | {pct(ds['systems'][s]['metrics']['answer_accuracy'])} | " + " | ".join(cols) + " |")
    lines += ["", "## 各类别正确率（ours / baseline）", ""]
    for name, ds in run["datasets"].items():
        present = [s for s in systems_of(run) if s in ds["systems"]]
        lines.append(f"- **{name}**: " + "；".join(
            f"{k} " + " / ".join(pct(_acc(ds['systems'][s]['by_kind'].get(k, {}))) for s in present)
            for k in ds["systems"][present[0]]["by_kind"]))
    e = run.get("eligibility")
    if e:
        lines += ["", "## 资格评估", ""]
        lines.append(f"未评分：{e.get('note')}" if e.get("status") != "ok" else
                     f"{e['metrics']['n']} 例：结论正确率 {pct(e['metrics']['verdict_accuracy'])}，"
                     f"理由正确率 {pct(e['metrics']['reason_accuracy'])}（{e.get('note')}）")
    lines += ["", "## ours 失败的题目", ""]
    for name, ds in run["datasets"].items():
        if "ours" not in ds["systems"]:
            continue
        bad = [r for r in ds["systems"]["ours"]["results"] if failed(r)]
        lines.append(f"### {name}（{len(bad)}）")
        lines.append("")
        for r in bad:
            first = r["answer"].splitlines()[0][:120] if r["answer"] else ""
            expect = "应拒答" if not r["answerable"] else "应答出 " + " 且 ".join(
                "/".join(g) for g in r.get("expected_must", [])) + f"；证据排名 {r['support_rank'] or '–'}"
            lines.append(f"- `{r['id']}` [{r['kind']}] {r['question']} — {expect} — 答：{first}")
        lines.append("")
    return "\n".join(lines) + "\n"
