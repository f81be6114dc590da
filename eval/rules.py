"""``python -m eval rules``: the rule proposer on the bundled notices against their hand-written rule files.

Each notice is read as an upload is (loader, chunker, metadata) and its rules proposed
(:mod:`assistant.eligibility.propose`). A *field* is a clause of a rule id, one of its values
(date, hours_per_year, share, years, kinds, lesser_kinds, items …) or one of the scope's lists
(series, series_excluded, levels). Figures:

* recall: hand-written fields the proposal has with the same value (lists as sets; a hand-written
  item must be part of a proposed one, the rule files shorten them);
* precision: proposed fields that are hand-written with that value (the committee is not counted:
  the rule files do not name it);
* verbatim: proposed quotes and items found word for word in the notice file (whitespace aside; a
  quote's parts around …… each);
* section, quote: of the clauses both have, the share in the same section, and whose quotes overlap
  (the hand-written quote, …… parts, inside the proposed one or the other way round).

The cue words of ``knowledge/rules/proposer.yaml`` were written with these five notices in view: the
figures say the proposer reads them as their authors did, not how it reads a notice it never saw.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.eligibility.proposal import RuleProposal
from assistant.eligibility.propose import LEFT_OUT, RuleProposer
from assistant.eligibility.rulebook import DEFAULT_RULES_DIR, NoticeRules, load_rules
from assistant.ingest.chunking import chunk_notice
from assistant.ingest.loaders import load_document
from assistant.ingest.metadata import extract_metadata
from assistant.settings import PROJECT_ROOT
from assistant.text.regions import Gazetteer
from assistant.text.vocab import load_vocabulary

NOTICES = PROJECT_ROOT / "knowledge" / "notices"
VALUES = ("date", "hours_per_year", "share", "years", "kinds", "lesser_kinds", "series", "levels", "items", "mapping")
SCOPE = ("series", "series_excluded", "levels")
RECALL_TARGET = 0.85

Fields = dict[tuple[str, str], object]  # (rule id or "scope", field) → value


@dataclass
class Miss:
    notice: str
    rule: str
    field: str
    hand: object
    proposed: object
    kind: str  # missed (hand-written, not proposed alike) or extra (proposed, not hand-written alike)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _nfkc(text: str) -> str:
    return squash(unicodedata.normalize("NFKC", text))


def hand_fields(rules: NoticeRules) -> Fields:
    out: Fields = {}
    for rule_id, clause in rules.clauses.items():
        out[(rule_id, "clause")] = True
        out |= {(rule_id, name): v for name in VALUES if (v := getattr(clause, name, None)) not in (None, [], {})}
    return out | {("scope", name): v for name in SCOPE if (v := getattr(rules.scope, name))}


def proposed_fields(proposal: RuleProposal) -> Fields:
    out: Fields = {}
    for rule_id, clause in proposal.clauses.items():
        out[(rule_id, "clause")] = True
        out |= {(rule_id, name): v for name in VALUES if (v := getattr(clause, name, None)) not in (None, [], {})}
    scope = proposal.scope
    return out | ({("scope", name): v for name in SCOPE if (v := getattr(scope, name))} if scope else {})


def same(field: str, hand: object, proposed: object) -> bool:
    if field == "items" and isinstance(hand, list) and isinstance(proposed, list):  # punctuation width aside
        return all(any(_nfkc(h) in _nfkc(p) for p in proposed) for h in hand)
    if isinstance(hand, list) and isinstance(proposed, list):
        return set(hand) == set(proposed)
    return hand == proposed


def sources(proposal: RuleProposal) -> list[str]:
    """Every text the proposal says is the notice's: quotes of clauses, scope, committee, and items."""
    texts = [c.quote for c in proposal.clauses.values()] + [i for c in proposal.clauses.values() for i in c.items]
    texts += [x.quote for x in (proposal.scope, proposal.committee) if x is not None]
    return texts


def verbatim(quote: str, squashed_notice: str) -> bool:
    """Every part of the quote (…… marks words left out) is in the notice, whitespace aside."""
    return all(squash(part) in squashed_notice for part in quote.split(LEFT_OUT) if part.strip())


def quotes_overlap(hand: str, proposed: str) -> bool:
    parts = [squash(p) for p in hand.split("……") if p.strip()]
    return all(p in squash(proposed) for p in parts) or squash(proposed) in squash(hand)


def propose_bundled(rules_dir: Path = DEFAULT_RULES_DIR) -> list[tuple[NoticeRules, RuleProposal]]:
    """The hand-written rule file and the proposal of each bundled notice, read as an upload is."""
    vocab = load_vocabulary(PROJECT_ROOT / "knowledge" / "vocabulary.yaml")
    gazetteer, proposer = Gazetteer.load(None), RuleProposer.build(rules_dir)
    out = []
    for hand in load_rules(rules_dir).notices.values():
        path = NOTICES / hand.file
        doc = load_document(path)
        meta = extract_metadata(path.stem, path.name, doc, gazetteer, vocab)
        out.append((hand, proposer.propose(meta, chunk_notice(path.stem, doc).passages)))
    return out


def compare(hand: NoticeRules, proposal: RuleProposal) -> dict:
    """The figures of one notice, and what was missed or proposed extra."""
    h, p = hand_fields(hand), proposed_fields(proposal)
    text = squash((NOTICES / hand.file).read_text(encoding="utf-8"))
    found = [k for k in h if k in p and same(k[1], h[k], p[k])]
    misses = [Miss(hand.notice_id, r, f, h[(r, f)], p.get((r, f)), "missed") for r, f in h if (r, f) not in found]
    misses += [Miss(hand.notice_id, r, f, h.get((r, f)), p[(r, f)], "extra") for r, f in p if (r, f) not in found]
    both = [rid for rid in hand.clauses if rid in proposal.clauses]
    texts = sources(proposal)
    return {
        "notice_id": hand.notice_id, "hand_fields": len(h), "proposed_fields": len(p), "matched": len(found),
        "found": [f"{r}.{f}" for r, f in found], "all_hand": [f"{r}.{f}" for r, f in h],
        "sources": len(texts), "verbatim": sum(verbatim(t, text) for t in texts),
        "not_verbatim": [t for t in texts if not verbatim(t, text)],
        "clauses_both": len(both),
        "same_section": sum(squash(hand.clauses[r].section) == squash(proposal.clauses[r].section) for r in both),
        "quote_overlap": sum(quotes_overlap(hand.clauses[r].quote, proposal.clauses[r].quote) for r in both),
        "misses": [asdict(m) for m in misses],
    }


def by_field(notices: list[dict]) -> dict[str, list[int]]:
    """rule id.field → [recalled, hand-written] over the notices."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for n in notices:
        for key in n["all_hand"]:
            table[key][1] += 1
            table[key][0] += key in n["found"]
    return dict(sorted(table.items()))


def run(rules_dir: Path = DEFAULT_RULES_DIR) -> dict:
    notices = [compare(hand, proposal) for hand, proposal in propose_bundled(rules_dir)]

    def total(key: str) -> int:
        return sum(n[key] for n in notices)

    return {
        "notices": notices, "by_field": by_field(notices),
        "recall": round(total("matched") / max(1, total("hand_fields")), 3),
        "precision": round(total("matched") / max(1, total("proposed_fields")), 3),
        "verbatim": round(total("verbatim") / max(1, total("sources")), 3),
        "section_agreement": round(total("same_section") / max(1, total("clauses_both")), 3),
        "quote_overlap": round(total("quote_overlap") / max(1, total("clauses_both")), 3),
    }


def print_report(report: dict, failures: bool) -> None:
    for n in report["notices"]:
        print(f"{n['notice_id']}: {n['matched']}/{n['hand_fields']} hand-written fields recalled, "
              f"{n['matched']}/{n['proposed_fields']} proposed fields hand-written, "
              f"{n['verbatim']}/{n['sources']} quotes verbatim")
    print(f"recall={report['recall']}  precision={report['precision']}  verbatim={report['verbatim']}  "
          f"section_agreement={report['section_agreement']}  quote_overlap={report['quote_overlap']}")
    for key, (hit, total) in report["by_field"].items():
        print(f"  {key:<40} {hit}/{total}")
    if failures:
        for n in report["notices"]:
            for m in n["misses"]:
                print(f"{m['kind'].upper():<6} {m['notice']} {m['rule']}.{m['field']}: hand={m['hand']!r} proposed={m['proposed']!r}")
            for t in n["not_verbatim"]:
                print(f"NOT VERBATIM {n['notice_id']}: {t}")


def main(failures: bool = False, json_path: Path | None = None) -> int:
    report = run()
    print_report(report, failures)
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        print(f"wrote {json_path}")
    return 0 if report["recall"] >= RECALL_TARGET and report["verbatim"] == 1.0 else 1
