"""The evaluation report: numbers from a run's files, and the HTML / CSV / JSON written
from them. Qt-free, in English and Traditional Chinese (`lang`).

The HTML file stands alone: styles inline, charts as inline SVG, no script, no font or
image fetched, so it opens without a network and prints legibly (black text, bars with
outlines, no colour needed to read a number). Everything user-written is escaped.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from fine_tune_studio.core.eval_run import Answer, Failure, RunSpec
from fine_tune_studio.core.eval_scoring import AutoScores, Measure, measure
from fine_tune_studio.core.eval_stats import (
    Agreement,
    PairTally,
    Vote,
    agreement,
    latest_votes,
    tally_pairs,
)
from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.test_sets import TestItem

TEXTS: dict[str, T] = {
    "title": T(en="Evaluation report", zh_TW="評估報告"),
    "colon": T(en=": ", zh_TW="："),
    "items": T(en="Test questions", zh_TW="測試提問"),
    "contestant": T(en="Contestant", zh_TW="參賽模型"),
    "model": T(en="Model", zh_TW="模型"),
    "answered": T(en="Answered", zh_TW="已回答"),
    "failed": T(en="Failed", zh_TW="失敗"),
    "exact": T(en="Exact match", zh_TW="完全相符"),
    "similarity": T(en="Character similarity (chrF)", zh_TW="字元相似度（chrF）"),
    "length": T(en="Mean answer length (characters)", zh_TW="平均回答長度（字元）"),
    "auto": T(en="Automatic measures against the reference answers",
              zh_TW="與參考答案比對的自動指標"),
    "votes": T(en="Side-by-side review", zh_TW="並排評比"),
    "no_votes": T(en="No reviewer has voted yet.", zh_TW="還沒有評審投票。"),
    "pair": T(en="Pair", zh_TW="比較組"),
    "wins": T(en="Wins", zh_TW="勝"),
    "ties": T(en="Ties", zh_TW="平手"),
    "losses": T(en="Losses", zh_TW="負"),
    "win_rate": T(en="Win rate (95% interval)", zh_TW="勝率（95% 信賴區間）"),
    "chart_note": T(
        en="Bars: win rate of the first model against the second, ties counted as half a "
        "win; lines: 95% Wilson interval; dashed line: 50%.",
        zh_TW="長條：前者對後者的勝率，平手算半勝；橫線：95% Wilson 信賴區間；虛線：50%。",
    ),
    "by_tag": T(en="By tag", zh_TW="依標籤"),
    "by_reviewer": T(en="By reviewer", zh_TW="依評審"),
    "tag": T(en="Tag", zh_TW="標籤"),
    "reviewer": T(en="Reviewer", zh_TW="評審"),
    "judge": T(en="AI judge", zh_TW="AI 評審"),
    "judge_agreement": T(
        en="Agreement with the human reviewers: {percent:.0f}% of {n} votes, Cohen's "
        "kappa {kappa}.",
        zh_TW="與人工評審的一致程度：{n} 票中 {percent:.0f}% 相同，Cohen's kappa {kappa}。",
    ),
    "judge_none": T(en="No vote of the judge can be compared with a reviewer's yet.",
                    zh_TW="目前還沒有可以和人工評審比較的 AI 評審票。"),
    "every_item": T(en="Every question", zh_TW="所有提問"),
    "question": T(en="Question", zh_TW="提問"),
    "reference": T(en="Reference answer", zh_TW="參考答案"),
    "answer": T(en="Answer", zh_TW="回答"),
    "verdicts": T(en="Votes", zh_TW="投票"),
    "better": T(en="{name} better", zh_TW="{name} 較好"),
    "tie": T(en="tie", zh_TW="平手"),
    "no_answer": T(en="(no answer: {kind})", zh_TW="（沒有回答：{kind}）"),
    "untagged": T(en="(no tag)", zh_TW="（無標籤）"),
    "line": T(en="line {n}", zh_TW="第 {n} 行"),
    "settings": T(en="Settings: temperature {t}, at most {m} tokens per answer.",
                  zh_TW="設定：溫度 {t}，每個回答最多 {m} 個 token。"),
}


def _t(key: str, lang: str, **values: Any) -> str:
    text = TEXTS[key].get(lang)
    return text.format(**values) if values else text


@dataclass
class ReportData:
    spec: RunSpec
    items: list[TestItem]
    answers: dict[tuple[str, str], Answer]
    failures: dict[tuple[str, str], Failure]
    votes: list[Vote] = field(default_factory=list)  # humans, latest per reviewer
    judge_votes: list[Vote] = field(default_factory=list)
    measures: dict[tuple[str, str], Measure] = field(default_factory=dict, repr=False)
    # Per contestant: answered, exact matches, summed chrF, summed length, kept once
    # auto_scores() has walked the answers, so that add_answers() costs only the new ones.
    _sums: dict[str, list[float]] | None = field(default=None, init=False, repr=False,
                                                 compare=False)
    _by_id: dict[str, TestItem] | None = field(default=None, init=False, repr=False,
                                               compare=False)

    @classmethod
    def build(
        cls, spec: RunSpec, items: Sequence[TestItem], answers: Sequence[Answer],
        failures: Sequence[Failure] = (), votes: Sequence[Vote] = (),
        judge_votes: Sequence[Vote] = (),
        measures: dict[tuple[str, str], Measure] | None = None,
    ) -> ReportData:
        return cls(
            spec, list(items), {(a.item, a.contestant): a for a in answers},
            {(f.item, f.contestant): f for f in failures}, latest_votes(votes),
            list(judge_votes), {} if measures is None else measures,
        )

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.spec.contestants]

    def measure(self, item: TestItem, name: str) -> Measure | None:
        """(exact match, chrF) of a contestant's answer to an item; None if unanswered.
        Kept in `measures`, which a caller may share between reports (the panel scores
        each answer once, as it arrives, instead of the whole run at every refresh)."""
        key = (item.id, name)
        found = self.measures.get(key)
        if found is None:
            answer = self.answers.get(key)
            if answer is None:
                return None
            found = measure(answer.answer, item.reference)
            self.measures[key] = found
        return found

    def is_exact(self, item_id: str, name: str) -> bool:
        found = self.measures.get((item_id, name))
        return bool(found and found[0])

    def item(self, item_id: str) -> TestItem | None:
        if self._by_id is None:
            self._by_id = {item.id: item for item in self.items}
        return self._by_id.get(item_id)

    def add_answers(self, answers: Iterable[Answer]) -> None:
        """Answers that arrived after the report was built (a run streaming in); their
        scores may already be in `measures`. Costs only the new answers."""
        for answer in answers:
            key = (answer.item, answer.contestant)
            replaced = key in self.answers
            self.answers[key] = answer
            if replaced:
                # An answer asked again (under other settings) replaces one: a score kept
                # for the old one may be stale, and the sums are counted afresh when next
                # asked for.
                self.measures.pop(key, None)
                self._sums = None
            elif self._sums is not None:
                self._count(answer)

    def _count(self, answer: Answer) -> None:
        assert self._sums is not None
        sums = self._sums.get(answer.contestant)
        item = self.item(answer.item)
        if sums is None or item is None:
            return  # not a contestant or a question of this report
        found = self.measure(item, answer.contestant)
        assert found is not None
        sums[0] += 1
        sums[1] += found[0]
        sums[2] += found[1]
        sums[3] += len(answer.answer.strip())

    def auto_scores(self) -> list[AutoScores]:
        if self._sums is None:
            self._sums = {name: [0, 0, 0.0, 0] for name in self.names}
            for answer in self.answers.values():
                self._count(answer)
        scores = []
        for name in self.names:
            n, exact, similarity, chars = self._sums[name]
            scores.append(
                AutoScores(name, int(n), exact / n, similarity / n, chars / n) if n
                else AutoScores(name, 0, 0.0, 0.0, 0.0)
            )
        return scores

    def failed_count(self, name: str) -> int:
        return sum(1 for (_item, who) in self.failures if who == name)

    def pair_tallies(self, *, include: set[str] | None = None,
                     votes: Sequence[Vote] | None = None) -> list[PairTally]:
        return tally_pairs(self.votes if votes is None else votes, self.names, include=include)

    def tags(self) -> list[str]:
        return sorted({t for i in self.items for t in i.tags})

    def tag_tallies(self) -> dict[str, list[PairTally]]:
        out = {}
        for tag in self.tags():
            ids = {i.id for i in self.items if tag in i.tags}
            out[tag] = self.pair_tallies(include=ids)
        return out

    def reviewer_tallies(self) -> dict[str, list[PairTally]]:
        reviewers = dict.fromkeys(v.reviewer for v in self.votes)
        return {
            r: self.pair_tallies(votes=[v for v in self.votes if v.reviewer == r])
            for r in reviewers
        }

    def judge_agreement(self) -> Agreement:
        return agreement(self.judge_votes, self.votes)

    def summary(self) -> dict[str, Any]:
        """summary.json: the automatic measures per contestant."""
        return {
            "items": len(self.items),
            "contestants": [
                {
                    "name": s.contestant,
                    "model": self.spec.contestant(s.contestant).model,
                    "answered": s.answered,
                    "failed": self.failed_count(s.contestant),
                    "exact_match": round(s.exact_match, 4),
                    "similarity": round(s.similarity, 4),
                    "mean_answer_chars": round(s.mean_answer_chars, 1),
                }
                for s in self.auto_scores()
            ],
        }

    # -- files ----------------------------------------------------------------------------

    def to_json(self) -> str:
        data = {
            "run": self.spec.model_dump(mode="json", exclude={"contestants"}),
            "summary": self.summary(),
            "pairs": [_tally_json(t) for t in self.pair_tallies()],
            "pairs_by_tag": {k: [_tally_json(t) for t in v] for k, v in self.tag_tallies().items()},
            "pairs_by_reviewer": {
                k: [_tally_json(t) for t in v] for k, v in self.reviewer_tallies().items()
            },
            "judge_agreement": self.judge_agreement().__dict__,
            "items": [
                {
                    "id": item.id, "line": item.line, "tags": list(item.tags),
                    "question": item.question, "reference": item.reference,
                    "answers": {
                        name: self._answer_json(item, name) for name in self.names
                    },
                }
                for item in self.items
            ],
            "votes": [_vote_json(v) for v in self.votes],
            "judge_votes": [_vote_json(v) for v in self.judge_votes],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    def _answer_json(self, item: TestItem, name: str) -> dict[str, Any]:
        answer = self.answers.get((item.id, name))
        if answer is None:
            failure = self.failures.get((item.id, name))
            return {"error": failure.error_kind if failure else "not_answered"}
        exact, similarity = self.measure(item, name) or (False, 0.0)
        return {
            "text": answer.answer, "latency": answer.latency, "tokens": answer.tokens,
            "exact_match": exact, "similarity": round(similarity, 4),
        }

    def items_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["item", "line", "tags", "question", "reference", "contestant",
                         "answer", "error", "exact_match", "similarity", "chars", "latency_s"])
        for item in self.items:
            for name in self.names:
                a = self._answer_json(item, name)
                writer.writerow([
                    item.id, item.line, ";".join(item.tags), item.question, item.reference,
                    name, a.get("text", ""), a.get("error", ""), a.get("exact_match", ""),
                    a.get("similarity", ""), len(a.get("text", "")), a.get("latency", ""),
                ])
        return out.getvalue()

    def votes_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["item", "reviewer", "shown_as_a", "shown_as_b", "choice", "winner",
                         "note"])
        for v in [*self.votes, *self.judge_votes]:
            writer.writerow([v.item_id, v.reviewer, v.left, v.right, v.choice.value,
                             v.winner or "tie", v.note])
        return out.getvalue()


def _tally_json(t: PairTally) -> dict[str, Any]:
    low, high = t.interval
    return {"first": t.first, "second": t.second, "wins": t.wins, "ties": t.ties,
            "losses": t.losses, "win_rate": round(t.win_rate, 4),
            "interval": [round(low, 4), round(high, 4)]}


def _vote_json(v: Vote) -> dict[str, Any]:
    return {"item": v.item_id, "reviewer": v.reviewer, "a": v.left, "b": v.right,
            "choice": v.choice.value, "winner": v.winner, "note": v.note}


# -- the chart ---------------------------------------------------------------------------------


def win_rate_svg(tallies: Sequence[PairTally], *, width: int = 640) -> str:
    """Horizontal bars with Wilson whiskers, one row per pair; plain SVG with outlines."""
    row, label_w, top = 30, 260, 24
    plot_w = width - label_w - 20
    height = top + row * max(1, len(tallies)) + 10
    e = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">'
    ]
    for pct in (0, 25, 50, 75, 100):
        x = label_w + plot_w * pct / 100
        dash = ' stroke-dasharray="4 3"' if pct == 50 else ""
        stroke = "#000" if pct == 50 else "#bbb"
        parts.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 6}" '
                     f'stroke="{stroke}"{dash}/>')
        parts.append(f'<text x="{x:.1f}" y="{top - 10}" text-anchor="middle">{pct}%</text>')
    for i, t in enumerate(tallies):
        y = top + i * row
        low, high = t.interval
        bar = plot_w * t.win_rate
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">'
                     f'{e(t.first)} : {e(t.second)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 6}" width="{bar:.1f}" height="16" '
                     f'fill="#9ecae1" stroke="#08519c"/>')
        x1, x2 = label_w + plot_w * low, label_w + plot_w * high
        parts.append(f'<line x1="{x1:.1f}" y1="{y + 14}" x2="{x2:.1f}" y2="{y + 14}" '
                     f'stroke="#000" stroke-width="2"/>')
        for x in (x1, x2):
            parts.append(f'<line x1="{x:.1f}" y1="{y + 8}" x2="{x:.1f}" y2="{y + 20}" '
                         f'stroke="#000" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


# -- the HTML page -----------------------------------------------------------------------------

_STYLE = """
body{font-family:"Noto Sans CJK TC","Noto Sans TC","Microsoft JhengHei",sans-serif;
color:#000;background:#fff;margin:2em;max-width:60em;line-height:1.5}
table{border-collapse:collapse;margin:.5em 0 1.5em}
th,td{border:1px solid #888;padding:.25em .6em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.item{border-top:1px solid #888;padding:.5em 0;page-break-inside:avoid}
.answer{white-space:pre-wrap}
.small{color:#333;font-size:90%}
@media print{body{margin:0}}
"""


def _tally_table(tallies: Sequence[PairTally], lang: str) -> str:
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(t.first)} : {e(t.second)}</td><td class=n>{t.wins}</td>"
        f"<td class=n>{t.ties}</td><td class=n>{t.losses}</td>"
        f"<td class=n>{t.win_rate:.0%} ({t.interval[0]:.0%}–{t.interval[1]:.0%})</td></tr>"
        for t in tallies
    )
    head = "".join(
        f"<th>{_t(k, lang)}</th>" for k in ("pair", "wins", "ties", "losses", "win_rate")
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def to_html(data: ReportData, lang: str = "en") -> str:
    e = html.escape
    out = [
        f'<!DOCTYPE html><html lang="{"zh-Hant-TW" if lang == "zh_TW" else "en"}">'
        f'<head><meta charset="utf-8"><title>{_t("title", lang)} — {e(data.spec.title)}</title>'
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_t('title', lang)}</h1>",
        f"<p>{e(data.spec.title or data.spec.test_set)} · "
        f"{data.spec.created_at[:16].replace('T', ' ')} UTC<br>"
        f"{_t('items', lang)}{_t('colon', lang)}{len(data.items)}<br>"
        + _t("settings", lang, t=data.spec.params.temperature, m=data.spec.params.max_tokens)
        + "</p>",
        f"<h2>{_t('auto', lang)}</h2><table><tr><th>{_t('contestant', lang)}</th>"
        f"<th>{_t('model', lang)}</th><th>{_t('answered', lang)}</th>"
        f"<th>{_t('failed', lang)}</th><th>{_t('exact', lang)}</th>"
        f"<th>{_t('similarity', lang)}</th><th>{_t('length', lang)}</th></tr>",
    ]
    for s in data.auto_scores():
        model = data.spec.contestant(s.contestant).model
        out.append(
            f"<tr><td>{e(s.contestant)}</td><td>{e(model)}</td><td class=n>{s.answered}</td>"
            f"<td class=n>{data.failed_count(s.contestant)}</td>"
            f"<td class=n>{s.exact_match:.0%}</td><td class=n>{s.similarity:.2f}</td>"
            f"<td class=n>{s.mean_answer_chars:.0f}</td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{_t('votes', lang)}</h2>")
    tallies = data.pair_tallies()
    if not tallies:
        out.append(f"<p>{_t('no_votes', lang)}</p>")
    else:
        out.append(win_rate_svg(tallies))
        out.append(f"<p class=small>{_t('chart_note', lang)}</p>")
        out.append(_tally_table(tallies, lang))
        by_tag = {k: v for k, v in data.tag_tallies().items() if v}
        if by_tag:
            out.append(f"<h3>{_t('by_tag', lang)}</h3>")
            for tag, tag_tallies in by_tag.items():
                out.append(f"<h4>{e(tag)}</h4>{win_rate_svg(tag_tallies)}")
                out.append(_tally_table(tag_tallies, lang))
        out.append(f"<h3>{_t('by_reviewer', lang)}</h3>")
        for reviewer, rev_tallies in data.reviewer_tallies().items():
            out.append(f"<h4>{e(reviewer)}</h4>{_tally_table(rev_tallies, lang)}")
    if data.judge_votes:
        out.append(f"<h2>{_t('judge', lang)}</h2>")
        agree = data.judge_agreement()
        if agree.kappa is None:
            out.append(f"<p>{_t('judge_none', lang)}</p>")
        else:
            out.append("<p>" + _t("judge_agreement", lang, percent=agree.percent,
                                  n=agree.compared, kappa=f"{agree.kappa:.2f}") + "</p>")
        out.append(_tally_table(data.pair_tallies(votes=data.judge_votes), lang))
    out.append(f"<h2>{_t('every_item', lang)}</h2>")
    votes_by_item: dict[str, list[Vote]] = {}
    for v in data.votes:
        votes_by_item.setdefault(v.item_id, []).append(v)
    for n, item in enumerate(data.items, start=1):
        tags = " · ".join(e(t) for t in item.tags)
        out.append(
            f'<div class="item" id="item-{e(item.id)}"><h3>{n}. {e(item.question)}</h3>'
            f"<p class=small>{_t('line', lang, n=item.line)}{' · ' + tags if tags else ''}</p>"
            f"<p><b>{_t('reference', lang)}{_t('colon', lang)}</b>"
            f"<span class=answer>{e(item.reference)}</span></p>"
            f"<table><tr><th>{_t('contestant', lang)}</th><th>{_t('answer', lang)}</th>"
            f"<th>{_t('exact', lang)}</th><th>chrF</th></tr>"
        )
        for name in data.names:
            a = data._answer_json(item, name)
            if "text" in a:
                text = f"<span class=answer>{e(a['text'])}</span>"
                marks = f"<td>{'✓' if a['exact_match'] else '✗'}</td><td class=n>" \
                        f"{a['similarity']:.2f}</td>"
            else:
                text = _t("no_answer", lang, kind=e(a["error"]))
                marks = "<td></td><td></td>"
            out.append(f"<tr><td>{e(name)}</td><td>{text}</td>{marks}</tr>")
        out.append("</table>")
        item_votes = votes_by_item.get(item.id, [])
        if item_votes:
            words = ("；" if lang == "zh_TW" else "; ").join(
                f"{e(v.reviewer)}{_t('colon', lang)}"
                + (_t("better", lang, name=e(v.winner)) if v.winner else _t("tie", lang))
                + (f" — {e(v.note)}" if v.note else "")
                for v in item_votes
            )
            out.append(f"<p class=small>{_t('verdicts', lang)}{_t('colon', lang)}{words}</p>")
        out.append("</div>")
    out.append("</body></html>")
    return "".join(out)
