"""`fine-tune-studio validate FILE`: check a training file and estimate its cost.

Exit status: 0 no errors, 1 errors found, 2 the file could not be read or bad arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from fine_tune_studio.core import cost
from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.i18n import normalize_lang
from fine_tune_studio.core.issues import Issue, Severity
from fine_tune_studio.core.jsontext import visible
from fine_tune_studio.core.rules import RULES
from fine_tune_studio.core.validation import Report, validate_path

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "validate",
        help="check a JSONL training file and estimate tokens and cost",
        description="Check a JSONL fine-tuning file line by line, then count tokens and "
        "estimate epochs and cost. Exit 0: no errors; 1: errors; 2: unreadable file or bad "
        "arguments.",
    )
    parser.add_argument("file", type=Path, help="the .jsonl training file")
    parser.add_argument(
        "--model",
        default=cost.DEFAULT_MODEL,
        help=f"model to fine-tune (sets the length limit and price; default {cost.DEFAULT_MODEL})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    parser.add_argument(
        "--lang",
        choices=("en", "zh_TW"),
        default=None,
        help="language of the messages (default: from the environment, else en)",
    )
    parser.add_argument(
        "--model-table",
        type=Path,
        default=None,
        help="a JSON file adding models, limits and prices (see docs/dataset.md)",
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: automatic)"
    )
    parser.set_defaults(handler=run)
    return parser


def _env_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_lang(value)
    return "en"


def _fail(reason: str) -> int:
    print(f"fine-tune-studio validate: {reason}", file=sys.stderr)
    return EXIT_UNUSABLE


def run(args: argparse.Namespace) -> int:
    lang = args.lang or _env_lang()
    if args.model_table is not None:
        try:
            cost.load_user_tables(args.model_table)
        except (OSError, ValueError, TypeError, AttributeError) as error:
            return _fail(f"cannot use model table {args.model_table}: {error}")
    if args.model not in cost.MODEL_LIMITS:
        known = ", ".join(sorted(cost.MODEL_LIMITS))
        return _fail(f"unknown model {args.model!r} (known: {known}; add one with --model-table)")
    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs must be at least 1")
    path: Path = args.file
    if path.is_dir():
        return _fail(f"cannot read {path}: it is a folder, not a file")
    try:
        report = validate_path(path, model=args.model, workers=args.jobs)
    except OSError as error:
        return _fail(f"cannot read {path}: {error.strerror or error}")
    if args.output_format == "json":
        # Piece by piece: a report of a million distinct problems never becomes one string.
        for piece in report.iter_json(lang):
            sys.stdout.buffer.write(piece)
        sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
    else:
        sys.stdout.write(render_text(report, lang))
    return EXIT_ERRORS if report.has_errors else EXIT_OK


_W = {
    "file": T(en="File", zh_TW="檔案"),
    "summary": T(
        en="Examples: {n} ({valid} without errors); {err} error{err_s}, {warn} warning{warn_s}",
        zh_TW="範例：{n} 則（{valid} 則沒有錯誤）；{err} 個錯誤、{warn} 個警告",
    ),
    "no_problems": T(en="No problems found.", zh_TW="沒有發現問題。"),
    "line": T(en="line", zh_TW="第"),
    "lines": T(en="lines", zh_TW="第"),
    "line_suffix": T(en="", zh_TW=" 行"),
    "fix": T(en="Fix", zh_TW="修正方式"),
    "whole_file": T(en="Whole file", zh_TW="整個檔案"),
    "stats": T(en="Statistics (examples without errors)", zh_TW="統計（沒有錯誤的範例）"),
    "tokens": T(en="Tokens per example", zh_TW="每個範例的 token 數"),
    "total": T(en="total", zh_TW="總計"),
    "epochs": T(en="Default epochs", zh_TW="預設訓練輪數（epochs）"),
    "billed": T(
        en="Billed training tokens (tokens x epochs)", zh_TW="計費訓練 token（token x 輪數）"
    ),
    "cost": T(en="Estimated cost", zh_TW="預估費用"),
    "no_price": T(en="no price known for this model", zh_TW="沒有這個模型的價格資料"),
    "estimate": T(
        en="an estimate from prices of {date}; check the provider's current prices",
        zh_TW="依 {date} 的價格估算；請以服務商目前的價格為準",
    ),
    "more": T(en="… and {n} more", zh_TW="… 以及另外 {n} 個"),
}
_MAX_PER_GROUP = 20


def _span(issue: Issue) -> str:
    """The lines of an issue as shown: 7, or 7–12 for a run on consecutive lines."""
    if issue.last_line is None or issue.last_line == issue.line:
        return str(issue.line)
    return f"{issue.line}–{issue.last_line}"


def _line_list(spans: list[str], more: bool, single: bool, lang: str) -> str:
    shown = list(spans)
    if more:
        shown.append("…")
    if lang == "zh_TW":
        return f"第 {'、'.join(shown)} 行"
    return f"{'line' if single else 'lines'} {', '.join(shown)}"


class _Group:
    """What the text report shows of one code: the first issues and how many there are."""

    def __init__(self, first: Issue) -> None:
        self.first = first
        self.shown: list[Issue] = []
        self.count = 0
        self.spans: list[str] = []  # the lines it is on, as "7" or "7–12", in order
        self.more_spans = False

    def add(self, issue: Issue) -> None:
        self.count += 1
        if len(self.shown) < _MAX_PER_GROUP:
            self.shown.append(issue)
        span = _span(issue)
        if not self.spans or self.spans[-1] != span:  # issues come in line order
            if len(self.spans) < _MAX_PER_GROUP:
                self.spans.append(span)
            else:
                self.more_spans = True

    @property
    def on_one_line(self) -> bool:
        return len(self.spans) == 1 and not self.more_spans and "–" not in self.spans[0]


def _groups(report: Report) -> list[tuple[str, _Group]]:
    # One pass, keeping at most _MAX_PER_GROUP issues per code: a report may have millions.
    groups: dict[str, _Group] = {}
    for issue in report.issues:
        group = groups.get(issue.code)
        if group is None:
            group = groups[issue.code] = _Group(issue)
        group.add(issue)
    return sorted(
        groups.items(),
        key=lambda kv: (kv[1].first.severity is not Severity.ERROR, kv[1].first.line or 0),
    )


_COLON = (": ", ":")


def _label(key: str, lang: str) -> str:
    return _W[key].get(lang) + _COLON[lang == "zh_TW"]


def _w(key: str, lang: str) -> str:
    return _W[key].get(lang)


def render_text(report: Report, lang: str = "en") -> str:
    """The human report: problems grouped by kind with their lines, then the statistics."""
    lang = normalize_lang(lang)
    out: list[str] = []
    n_err = report.error_count
    n_warn = report.warning_count
    out.append(f"{_label('file', lang)}{visible(report.file or '')}")
    out.append(
        _W["summary"]
        .get(lang)
        .format(
            n=report.examples,
            valid=report.valid_examples,
            err=n_err,
            warn=n_warn,
            err_s="" if n_err == 1 else "s",
            warn_s="" if n_warn == 1 else "s",
        )
    )
    out.append("")
    if not report.issues and not report.file_issues:
        out.append(_w("no_problems", lang))
        out.append("")
    if report.file_issues:
        out.append(f"== {_w('whole_file', lang)}")
        for issue in report.file_issues:
            mark = "✗" if issue.severity is Severity.ERROR else "!"
            out.append(f"  {mark} [{issue.code}] {issue.message.get(lang)}")
            if issue.fix:
                out.append(f"      {_label('fix', lang)}{issue.fix.get(lang)}")
        out.append("")
    for code, group in _groups(report):
        rule = RULES.get(code)
        title = rule.title.get(lang) if rule else code
        mark = "✗" if group.first.severity is Severity.ERROR else "!"
        lines = _line_list(group.spans, group.more_spans, group.on_one_line, lang)
        out.append(f"{mark} {title} [{code}] — {lines}")
        for issue in group.shown:
            word = "line" if issue.line_count == 1 else "lines"
            where = f"{_w(word, lang)} {_span(issue)}{_w('line_suffix', lang)}"
            if issue.path:
                where += f" {issue.path}"
            out.append(f"  {where}: {issue.message.get(lang)}")
            if issue.fix:
                out.append(f"      {_label('fix', lang)}{issue.fix.get(lang)}")
        if group.count > _MAX_PER_GROUP:
            out.append("  " + _W["more"].get(lang).format(n=group.count - _MAX_PER_GROUP))
        out.append("")
    t = report.tokens
    out.append(f"== {_w('stats', lang)}")
    out.append(
        f"  {_label('tokens', lang)}min {t.min:,} · p50 {t.p50:,} · p90 {t.p90:,} · "
        f"max {t.max:,} · {_w('total', lang)} {t.total:,}"
    )
    out.append(f"  {_label('epochs', lang)}{report.estimated_epochs}")
    out.append(f"  {_label('billed', lang)}{report.billed_tokens:,}")
    cost_label = _W["cost"].get(lang) + f" ({report.model})" + _COLON[lang == "zh_TW"]
    if report.estimated_cost_usd is None:
        out.append(f"  {cost_label}{_w('no_price', lang)}")
    else:
        note = _W["estimate"].get(lang).format(date=report.price_date)
        out.append(f"  {cost_label}~US${report.estimated_cost_usd:,.2f} ({note})")
    return "\n".join(out) + "\n"
