"""eval.answerability: the judge is scored and its threshold chosen as the product uses it, a veto."""

from __future__ import annotations

import pytest

from eval.answerability import (
    PARAPHRASED,
    CandidateRow,
    Collected,
    Row,
    TermRow,
    by_dataset,
    choose_threshold,
    figures,
    fit_necessity,
    fit_ranker,
    ranker_top1,
    ranking_features,
    right_decisions,
    right_share,
    vetoed,
    wrong_answers,
)

pytestmark = pytest.mark.unit

PASS = {"missing_terms": 0.0, "unknown_topics": 0.0, "accepted": 1.0, "any_required": 1.0}
FAIL = {**PASS, "accepted": 0.0}


def rows_and_probabilities() -> tuple[list[Row], dict[int, float]]:
    """17 answerable questions: the gates pass 15 (9 right answers the judge trusts, 1 it doubts,
    5 wrong ones it doubts more) and refuse 2 the judge would trust."""
    spec = [(PASS, 1, 0.9)] * 9 + [(PASS, 1, 0.05)] + [(PASS, 0, 0.04)] * 5 + [(FAIL, 1, 0.99)] * 2
    rows = [Row(id=f"q{i}", dataset="d", group=f"n{i % 3}", answerable=True, features=f, label=label)
            for i, (f, label, _) in enumerate(spec)]
    return rows, {i: p for i, (_, _, p) in enumerate(spec)}


def test_the_veto_never_answers_what_the_gates_refuse() -> None:
    rows, probs = rows_and_probabilities()
    veto = vetoed(rows, probs)
    assert veto[15] == veto[16] == 0.0 and veto[0] == 0.9
    assert figures(rows, veto, 0.01)["answer_accuracy"] == round(10 / 17, 4)  # the gates' own


def test_right_decisions_count_right_answers_and_right_abstentions() -> None:
    """All 17 are answerable: 9 + 1 right answers up to 0.05, 9 from 0.06 (the doubted one withheld);
    the five wrong answers are wrong whether given or withheld. Two unanswerable questions at 0.3 are
    decided right only above it."""
    rows, probs = rows_and_probabilities()
    veto = vetoed(rows, probs)
    assert [right_decisions(rows, veto, t) for t in (0.01, 0.05, 0.06, 0.9, 0.91)] == [10, 10, 9, 9, 0]
    extra = [Row(id=f"u{i}", dataset="d", group="n0", answerable=False, features=PASS, label=0) for i in range(2)]
    more = vetoed(rows + extra, probs | {len(rows): 0.3, len(rows) + 1: 0.3})
    assert [right_decisions(rows + extra, more, t) for t in (0.05, 0.3, 0.31)] == [10, 9, 11]


def test_an_answer_given_without_the_judge_counts_as_given_at_every_threshold() -> None:
    """A decided assessment or a notice's sentence that it leaves the level out is answered without
    being judged: it counts as an answer (right or wrong), never as an abstention."""
    rows, probs = rows_and_probabilities()
    logical = [Row(id="a", dataset="d", group="n0", answerable=True, label=1, unjudged_answer=True),
               Row(id="u", dataset="d", group="n0", answerable=False, label=0, unjudged_answer=True),
               Row(id="r", dataset="d", group="n0", answerable=False, removal=True, unjudged_answer=True),
               Row(id="n", dataset="d", group="n0", answerable=False, label=0)]  # a logical abstention
    veto = vetoed(rows + logical, probs)
    assert [right_decisions(rows + logical, veto, t) for t in (0.05, 0.91)] == [10 + 1 + 1, 0 + 1 + 1]
    shares = figures(rows + logical, veto, 0.91)
    assert shares["answer_accuracy"] == round(1 / 18, 4) and shares["abstention_accuracy"] == 0.5
    assert shares["fact_removal_abstention"] == 0.0


def test_the_threshold_is_the_highest_that_decides_the_most_right() -> None:
    """Four right answers at 0.5, one at 0.2, a wrong one at 0.1 and an unanswerable one at 0.15:
    five right up to 0.15, six from 0.16 to 0.2 (the unanswerable one withheld), five up to 0.5
    (one right answer fewer): 0.2, the highest of the six."""
    spec = [(True, 1, 0.5)] * 4 + [(True, 1, 0.2), (True, 0, 0.1), (False, 0, 0.15)]
    rows = [Row(id=f"q{i}", dataset="d", group="n0", answerable=a, features=PASS, label=label)
            for i, (a, label, _) in enumerate(spec)]
    probs = {i: p for i, (_, _, p) in enumerate(spec)}
    assert [right_decisions(rows, probs, t) for t in (0.1, 0.15, 0.16, 0.2, 0.21, 0.5, 0.51)] == [5, 5, 6, 6, 5, 5, 1]
    assert choose_threshold(rows, probs) == 0.2
    assert choose_threshold(rows, probs, risk=0.0) == 0.16


def test_a_target_risk_takes_the_lowest_threshold_within_it() -> None:
    rows, probs = rows_and_probabilities()
    assert choose_threshold(rows, vetoed(rows, probs), risk=0.0) == 0.05


def test_each_set_of_notices_weighs_the_same_whatever_its_number_of_questions() -> None:
    """Set "big": nine unanswerable questions at 0.1 and nine right answers at 0.5; set "small": two
    right answers at 0.1. Pooled, 0.11 decides the most right (18 of 20); per set, 0.1 does (half of
    "big", all of "small": 0.75 against 0.5). Right decisions alone: the cost of wrong answers is
    tested apart."""
    big = [Row(id=f"u{i}", dataset="big", group="n0", answerable=False, features=PASS, label=0) for i in range(9)]
    big += [Row(id=f"r{i}", dataset="big", group="n0", answerable=True, features=PASS, label=1) for i in range(9)]
    small = [Row(id=f"s{i}", dataset="small", group="n1", answerable=True, features=PASS, label=1) for i in range(2)]
    rows = big + small
    probs = {i: 0.1 for i in range(9)} | {i: 0.5 for i in range(9, 18)} | {18: 0.1, 19: 0.1}
    assert right_decisions(rows, probs, 0.11) == 18 > right_decisions(rows, probs, 0.1) == 11
    assert right_share(rows, probs, 0.1) == 0.75 and right_share(rows, probs, 0.11) == 0.5
    assert choose_threshold(rows, probs, wrong_cost=0.0) == 0.1


def terms_of_several_notices() -> list[TermRow]:
    """后果 is asked about twelve notices and never held by the evidence; 发票 always held."""
    out = []
    for n in range(12):
        out += [TermRow(qid=f"q{n}", group=f"notice{n}", word="后果", held=False),
                TermRow(qid=f"q{n}", group=f"notice{n}", word="发票", held=True)]
    return out


def test_necessity_is_counted_over_every_question_and_scored_on_folds_left_out() -> None:
    model = fit_necessity(terms_of_several_notices())
    assert model.counts == {"发票": (12, 12), "后果": (12, 0)}
    assert model.factor("后果") < 1.0 < model.factor("发票")
    assert model.about["words_asked"] == 24 and model.about["auc_left_out"] == 1.0


def test_a_cache_keeps_the_question_words_and_an_older_one_without_them_still_loads(tmp_path) -> None:
    collected = Collected(candidates=[CandidateRow(qid="q", group="n", features={"coverage": 1.0}, label=1)],
                          rows=[Row(id="q", dataset="d", group="n", answerable=True)], terms=terms_of_several_notices())
    collected.save(tmp_path)
    assert Collected.load(tmp_path) == collected
    (tmp_path / "terms.json").unlink()
    assert Collected.load(tmp_path).terms == []
    assert Collected.load(tmp_path / "empty") is None


def test_a_lead_smaller_than_one_question_of_the_smallest_set_is_a_tie() -> None:
    """Set "big": nine right answers at 0.5 and one at 0.2; set "small": two unanswerable questions at
    0.1. From 0.11 to 0.2 all are decided right (share 1.0); up to 0.5 one big question fewer (0.95):
    a lead of 0.05, less than one small question (0.25), so the highest of them, 0.5, is taken."""
    big = [Row(id=f"r{i}", dataset="big", group="n0", answerable=True, features=PASS, label=1) for i in range(10)]
    small = [Row(id=f"u{i}", dataset="small", group="n1", answerable=False, features=PASS, label=0) for i in range(2)]
    probs = {i: 0.5 for i in range(9)} | {9: 0.2, 10: 0.1, 11: 0.1}
    rows = big + small
    assert [right_share(rows, probs, t) for t in (0.1, 0.2, 0.5, 0.51)] == [0.5, 1.0, 0.95, 0.5]
    assert choose_threshold(rows, probs) == 0.5


def test_a_wrong_answer_given_costs_a_right_decision() -> None:
    """Five right answers at 0.5, two wrong ones at 0.2, one right answer at 0.1. Counting right
    decisions alone, 0.1 leads (six against five: the wrong answers are not right whether given or
    withheld); with a wrong answer undoing a right one, 0.1 nets four, 0.2 three and 0.5 five."""
    spec = [(1, 0.5)] * 5 + [(0, 0.2)] * 2 + [(1, 0.1)]
    rows = [Row(id=f"q{i}", dataset="d", group="n0", answerable=True, features=PASS, label=label)
            for i, (label, _) in enumerate(spec)]
    probs = {i: p for i, (_, p) in enumerate(spec)}
    assert [wrong_answers(rows, probs, t) for t in (0.1, 0.2, 0.21)] == [2, 2, 0]
    assert choose_threshold(rows, probs, wrong_cost=0.0) == 0.1
    assert choose_threshold(rows, probs, wrong_cost=1.0) == 0.5


def test_paraphrases_weigh_as_a_set_of_their_own_and_stay_out_of_the_figures() -> None:
    """Set "team": two right answers at 0.5 and one unanswerable question at 0.2; its paraphrases: the
    two answers, right, at 0.15. Without them every threshold from 0.21 to 0.5 decides all three right
    and the highest is taken; with them as a set weighing as much, 0.15 leads (team 2/3, paraphrases 1,
    against 1 and 0), so the threshold answers the paraphrases. The figures stay over the questions as the team wrote them."""
    team = [Row(id=f"r{i}", dataset="team", group="n0", answerable=True, features=PASS, label=1) for i in range(2)]
    team.append(Row(id="u", dataset="team", group="n0", answerable=False, features=PASS, label=0))
    said = [Row(id=f"r{i}", dataset=PARAPHRASED, group="n0", answerable=True, features=PASS, label=1, variant="noise")
            for i in range(2)]
    probs = {0: 0.5, 1: 0.5, 2: 0.2, 3: 0.15, 4: 0.15}
    assert choose_threshold(team, probs) == 0.5
    assert choose_threshold(team + said, probs) == 0.15
    shares = by_dataset(team + said, probs, 0.15)
    assert shares["all"]["n"] == 3 and shares["all"]["abstention_accuracy"] == 0.0
    assert shares[PARAPHRASED]["answer_accuracy"] == 1.0


def test_the_threshold_is_the_median_of_its_picks_over_resamples_of_the_notices() -> None:
    """Notice n0's right answers sit at 0.3, n1's at 0.1 and n2's wrong answers at 0.2: a resample
    heavy in n2 picks above 0.2, one heavy in n1 picks below it. The same seed gives the same picks."""
    from eval.answerability import resampled_thresholds

    rows, probs = [], {}
    for group, label, p in (("n0", 1, 0.3), ("n1", 1, 0.1), ("n2", 0, 0.2)):
        for k in range(4):
            probs[len(rows)] = p
            rows.append(Row(id=f"{group}-{k}", dataset="d", group=group, answerable=True, features=PASS, label=label))
    picks = resampled_thresholds(rows, probs, wrong_cost=1.0, resamples=12)
    assert len(picks) == 12 and picks == sorted(picks) == resampled_thresholds(rows, probs, wrong_cost=1.0, resamples=12)
    assert min(picks) <= 0.2 < max(picks)


def candidates_where_the_hand_score_misleads(notices: range) -> list[CandidateRow]:
    """For each notice, a question about 纸质材料: the sentence holding the evidence says 纸质 and
    scores lower by hand than one about 网上申报."""
    rows = []
    for n in notices:
        question = f"第{n}号通知的纸质材料什么时候交？"
        rows += [CandidateRow(qid=f"q{n}", group=f"n{n}", features={"hand_score": 1.0}, label=0, question=question,
                              sentence="网上申报9月1日至9月10日。", headings=["一、网上申报"]),
                 CandidateRow(qid=f"q{n}", group=f"n{n}", features={"hand_score": 0.8}, label=1, question=question,
                              sentence="纸质材料9月15日至9月19日报送。", headings=["二、纸质材料"])]
    return rows


def test_the_ranker_learns_which_words_a_sentence_must_hold_and_ranks_unseen_notices_by_them() -> None:
    train, unseen = candidates_where_the_hand_score_misleads(range(12)), candidates_where_the_hand_score_misleads(range(12, 16))
    ranker = fit_ranker(train)
    assert ranker.lexical["hit:纸质"] > 0 > ranker.lexical.get("hit:网上", -1.0)
    assert ranker_top1(unseen, lambda r: r.features["hand_score"]) == 0.0
    assert ranker_top1(unseen, lambda r: ranker.probability(ranking_features(r))) == 1.0


def test_each_folds_verdict_model_saw_no_label_of_the_folds_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    """The collection reads a yes/no answer's verdict sureness with a model that never saw a label
    of that answer's notice: one that had would be surer of it than of a new notice's sentences."""
    import eval.yesno_verdicts as verdicts
    from eval.answerability import FOLDS, fold_of, fold_verdicts

    seen: list[list] = []
    monkeypatch.setattr(verdicts, "fit", lambda labels: seen.append(labels) or len(seen) - 1)
    models = fold_verdicts()
    assert models == list(range(FOLDS))
    labels = verdicts.load_labels()
    for k, fitted in enumerate(seen):
        assert fitted and all(fold_of(lab.group) != k for lab in fitted)
        assert len(fitted) == sum(fold_of(lab.group) != k for lab in labels)
