"""Validation of training files: per-line checks, whole-file reports, and incremental re-checks.

`check_line` is pure and touches no other line; `DocumentChecker` keeps every line's result
so the editor can re-check one edited line (duplicates included) in well under a millisecond;
`validate_path` / `validate_bytes` stream big files through worker processes.

Cost grows with the lines of a file whatever they hold: a report keeps a run of the same
problem on consecutive lines as one issue covering those lines (a file of a million blank
lines has one `blank_line` issue for lines 1 to 1,000,000), identical consecutive lines are
checked once, and short lines' results are remembered.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, overload

import orjson

from fine_tune_studio.core import cost
from fine_tune_studio.core.checks import check_object
from fine_tune_studio.core.diagnose import (
    diagnose_json,
    diagnose_undecodable,
    diagnose_unreadable_values,
)
from fine_tune_studio.core.document import UTF8_BOM, DatasetDocument
from fine_tune_studio.core.i18n import LocalizedText as T
from fine_tune_studio.core.issues import Issue, Severity
from fine_tune_studio.core.jsontext import canonical_bytes, loads_lenient, visible
from fine_tune_studio.core.schema import Example, parse_example
from fine_tune_studio.core.stats import TokenStats, token_stats
from fine_tune_studio.core.tokens import count_object_tokens

__all__ = [
    "DEFAULT_MODEL",
    "CheckContext",
    "DocumentChecker",
    "Issue",
    "IssueLog",
    "LineCheck",
    "LineKind",
    "Report",
    "ReportBuilder",
    "Severity",
    "check_line",
    "validate_bytes",
    "validate_document",
    "validate_path",
]

DEFAULT_MODEL = cost.DEFAULT_MODEL
MIN_EXAMPLES = 10
RECOMMENDED_EXAMPLES = 50

LineKind = Literal["chat", "preference", "blank", "invalid"]
_BLANK_BYTES = b" \t\r\x0b\x0c"


@dataclass(frozen=True)
class CheckContext:
    """What a line check needs to know about the job: the model (for its length limit)."""

    model: str = DEFAULT_MODEL
    count_tokens: bool = True
    max_tokens: int = field(default=0)

    def __post_init__(self) -> None:
        if not self.max_tokens:
            object.__setattr__(self, "max_tokens", cost.context_limit(self.model))


_DEFAULT_CONTEXT = CheckContext()


@dataclass(slots=True)
class LineCheck:
    """The result of checking one physical line (1-based `line`)."""

    line: int
    kind: LineKind
    issues: tuple[Issue, ...]
    tokens: int | None = None
    fingerprint: bytes | None = None
    obj: Any = None
    _example: Example | None = None

    @property
    def has_errors(self) -> bool:
        return any(issue.severity is Severity.ERROR for issue in self.issues)

    @property
    def example(self) -> Example | None:
        """The pydantic model of the line, built on first use (None if it cannot be built)."""
        if self._example is None and self.kind in ("chat", "preference"):
            try:
                self._example = parse_example(self.obj)
            except ValueError:
                return None
        return self._example

    def at_line(self, line: int) -> LineCheck:
        """The same result for the same text moved to another line number."""
        if line == self.line:
            return self
        issues = tuple(replace(issue, line=line) for issue in self.issues)
        return LineCheck(
            line, self.kind, issues, self.tokens, self.fingerprint, self.obj, self._example
        )


def fingerprint_of(obj: Any) -> bytes | None:
    """Same for examples equal as JSON, whatever their key order or spacing."""
    data: bytes | None
    try:
        data = orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    except (TypeError, orjson.JSONEncodeError):
        data = canonical_bytes(obj)
    return None if data is None else hashlib.blake2b(data, digest_size=16).digest()


def _too_long(tokens: int, context: CheckContext, line: int) -> Issue:
    return Issue(
        line,
        Severity.ERROR,
        "too_many_tokens",
        "",
        T(
            en=f"This example has {tokens:,} tokens; {context.model} trains on at most "
            f"{context.max_tokens:,} per example.",
            zh_TW=f"這個範例有 {tokens:,} 個 token;{context.model} 每個範例最多只能訓練 "
            f"{context.max_tokens:,} 個。",
        ),
        T(
            en="Shorten it or split the conversation into several examples.",
            zh_TW="請縮短內容，或把對話拆成數個範例。",
        ),
    )


def check_line(
    text_or_bytes: str | bytes, line_no: int, *, context: CheckContext | None = None
) -> LineCheck:
    """Check one physical line on its own. Pure: no I/O, no other lines."""
    ctx = context or _DEFAULT_CONTEXT
    raw = text_to_bytes(text_or_bytes) if isinstance(text_or_bytes, str) else text_or_bytes
    if not raw.strip(_BLANK_BYTES):
        return LineCheck(line_no, "blank", (_blank_issue(line_no),))
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        read = _fallback_parse(raw, line_no)
        if isinstance(read, _Unreadable):
            # No rule sees such a line: its values cannot be counted, hashed or shown as
            # they are, and a service would refuse it before reading further.
            return LineCheck(line_no, "invalid", read.issues)
        obj = read
    issues: list[Issue] = []
    kind = check_object(obj, line_no, issues)
    if kind == "invalid":
        return LineCheck(line_no, "invalid", tuple(issues), obj=obj)
    tokens = None
    if ctx.count_tokens:
        tokens = count_object_tokens(obj)
        if tokens > ctx.max_tokens:
            issues.append(_too_long(tokens, ctx, line_no))
    return LineCheck(line_no, kind, tuple(issues), tokens, fingerprint_of(obj), obj)


def text_to_bytes(text: str) -> bytes:
    """Bytes of editor text: undecodable bytes it carries come back as they were."""
    try:
        return text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:
        # Lone surrogates (e.g. a pasted "\ud800") are kept so the line shows as not UTF-8.
        return text.encode("utf-8", errors="surrogatepass")


@dataclass(frozen=True, slots=True)
class _Unreadable:
    """A line whose text cannot become an example, with the issues that say why."""

    issues: tuple[Issue, ...]


def _fallback_parse(raw: bytes, line_no: int) -> Any:
    """orjson refused the line: find out why, or accept what stdlib json reads.

    json reads integers beyond 64 bits and nesting beyond 255, which orjson refuses; it
    also reads what no training service takes (a \\ud800 escape without its other half, a
    100,000-digit number), which is reported where it is.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _Unreadable((diagnose_undecodable(raw, line_no, error),))
    try:
        obj = loads_lenient(text)
    except (ValueError, RecursionError):
        return _Unreadable((diagnose_json(text, line_no),))
    try:
        unreadable = diagnose_unreadable_values(obj, line_no)
    except RecursionError:  # paths of a value nested past what the walk can name
        return _Unreadable((diagnose_json(text, line_no),))
    return _Unreadable(tuple(unreadable)) if unreadable else obj


_BLANK_MESSAGE = T(
    en="This line is empty. Upload services may reject empty lines in a JSONL file.",
    zh_TW="這一行是空的。上傳服務可能會拒絕 JSONL 檔中的空白行。",
)
_BLANK_FIX = T(en="Delete the empty line.", zh_TW="刪除這個空白行。")


def _blank_issue(line: int) -> Issue:
    return Issue(line, Severity.WARNING, "blank_line", "", _BLANK_MESSAGE, _BLANK_FIX)


def _duplicate_issue(line: int, first: int, last_line: int | None = None) -> Issue:
    return Issue(
        line,
        Severity.WARNING,
        "duplicate_example",
        "",
        T(
            en=f"This example is the same as line {first}. Duplicates make the model weigh it "
            "more than the others.",
            zh_TW=f"這個範例與第 {first} 行完全相同。重複的範例會讓模型過度偏重它。",
        ),
        T(en="Delete one of the two, or change it.", zh_TW="刪除其中一個，或修改內容。"),
        last_line,
    )


class ShortLineChecker:
    """`check_line` that remembers the results of short lines by their bytes.

    Files that blow up in size are made of many short lines (blank, `{}`, `[]`, a stray
    word); their results are the same wherever the line stands, so each distinct one is
    checked once. Long lines (real examples) are checked every time so that the memory
    stays bounded. A result may carry another line's number: callers pass their own.
    """

    SHORT_BYTES = 256
    LIMIT = 4096

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self._cache: dict[bytes, LineCheck] = {}

    def __call__(self, raw: bytes, line_no: int) -> LineCheck:
        if len(raw) > self.SHORT_BYTES:
            return check_line(raw, line_no, context=self.context)
        found = self._cache.get(raw)
        if found is None:
            found = replace(check_line(raw, line_no, context=self.context), obj=None)
            if len(self._cache) >= self.LIMIT:
                self._cache.clear()
            self._cache[raw] = found
        return found


def line_runs(
    lines: Iterable[tuple[int, bytes]], check: Callable[[bytes, int], LineCheck]
) -> Iterator[tuple[int, int, LineCheck]]:
    """(first, last, result) for each run of identical consecutive lines, checked once.

    `check_line` is pure, so equal bytes give the same result on every line of the run.
    """
    first = last = 0
    previous: bytes | None = None
    result: LineCheck | None = None
    for line_no, raw in lines:
        if result is not None and line_no == last + 1 and raw == previous:
            last = line_no
            continue
        if result is not None:
            yield first, last, result
        result = check(raw, line_no)
        previous = raw
        first = last = line_no
    if result is not None:
        yield first, last, result


# ---------------------------------------------------------------------------------- issue log
class IssueLog(Sequence[Issue]):
    """A report's line issues in line order, each run of one problem on consecutive lines
    kept as one issue covering them (`Issue.line` to `Issue.last_line`).

    Storage is three integer columns plus one shared copy of each distinct problem, so a
    file of a million blank lines costs a few bytes, and even a file whose every line has
    its own run costs 24 bytes a run. Duplicate warnings are made when they are read, from
    the line they repeat. Items are built on access: iterate rather than index at random.
    """

    def __init__(self, issues: Iterable[Issue] = ()) -> None:
        self._first = array("q")
        self._last = array("q")
        # >= 0: index into _protos; < 0: a duplicate of line -value.
        self._what = array("q")
        self._protos: list[Issue] = []
        self._proto_of: dict[Hashable, int] = {}
        self._open: dict[int, int] = {}  # runs that may go on: what -> run index
        self._fresh: dict[int, int] = {}  # runs the current line added to
        self.error_lines = 0  # lines times errors, as if every line were listed
        self.warning_lines = 0
        self.error_runs = 0  # the items that are errors
        line: int | None = None
        for issue in issues:  # in line order, like a report's
            if issue.line is None:
                raise ValueError("a file-level issue does not belong in the line issues")
            if issue.line != line:
                self.begin_line()
                line = issue.line
            self.add(issue.line, issue.end_line or issue.line, issue)

    def begin_line(self) -> None:
        """Call before adding the issues of the next line (or run of identical lines)."""
        self._open = self._fresh
        self._fresh = {}

    def add(self, first: int, last: int, issue: Issue) -> None:
        """`issue` (its own line numbers ignored) on every line from first to last."""
        key = issue.key()
        what = self._proto_of.get(key)
        if what is None:
            what = len(self._protos)
            self._protos.append(issue)
            self._proto_of[key] = what
        self._put(first, last, what, issue.severity is Severity.ERROR)

    def add_duplicate(self, first: int, last: int, original: int) -> None:
        """Lines first..last repeat the example on line `original`."""
        self._put(first, last, -original, False)

    def _put(self, first: int, last: int, what: int, is_error: bool) -> None:
        run = self._open.get(what)
        if run is not None and self._last[run] == first - 1:
            self._last[run] = last
        else:
            run = len(self._first)
            self._first.append(first)
            self._last.append(last)
            self._what.append(what)
            self.error_runs += is_error
        self._fresh[what] = run
        if is_error:
            self.error_lines += last - first + 1
        else:
            self.warning_lines += last - first + 1

    def __len__(self) -> int:
        return len(self._first)

    @overload
    def __getitem__(self, index: int) -> Issue: ...

    @overload
    def __getitem__(self, index: slice) -> list[Issue]: ...

    def __getitem__(self, index: int | slice) -> Issue | list[Issue]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("issue index out of range")
        return self._item(index)

    def _item(self, index: int) -> Issue:
        return self._item_at(self._first[index], self._last[index], self._what[index])

    def _item_at(self, first: int, last: int, what: int) -> Issue:
        end = None if last == first else last
        if what < 0:
            return _duplicate_issue(first, -what, end)
        p = self._protos[what]
        return Issue(first, p.severity, p.code, p.path, p.message, p.fix, end)

    def __iter__(self) -> Iterator[Issue]:
        for index in range(len(self._first)):
            yield self._item(index)

    def iter_json_entries(self, lang: str = "en") -> Iterator[bytes]:
        """`orjson.dumps(issue.to_json_dict(lang), option=OPT_INDENT_2)` of each item.

        Only the line numbers differ between items of one problem, so the rest is written
        once per problem: millions of items cost a few string joins each.
        """
        tails: dict[int, bytes] = {}
        for first, last, what in zip(self._first, self._last, self._what, strict=True):
            tail = tails.get(what)
            if tail is None:
                fields = self._item_at(first, last, what).to_json_dict(lang)
                del fields["line"], fields["last_line"]
                tail = orjson.dumps(fields, option=orjson.OPT_INDENT_2)[1:]  # from "\n  ..."
                if len(tails) >= 4096:  # duplicates of many different lines
                    tails.clear()
                tails[what] = tail
            yield b'{\n  "line": %d,\n  "last_line": %d,%s' % (first, last, tail)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, IssueLog | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"IssueLog({list(self[:5])!r}{'...' if len(self) > 5 else ''})"

    def on_line(self, line: int) -> list[Issue]:
        """The issues that cover `line` (a scan: for tests and one-off questions)."""
        return [issue for issue in self if issue.covers(line)]


# ---------------------------------------------------------------------------------- reports
@dataclass
class Report:
    """Everything `fine-tune-studio validate` says about one file."""

    file: str | None
    model: str
    examples: int
    valid_examples: int
    issues: IssueLog
    file_issues: list[Issue]
    tokens: TokenStats
    estimated_epochs: int
    billed_tokens: int
    estimated_cost_usd: float | None
    price_date: str | None = None
    example_tokens: list[int] = field(default_factory=list, repr=False)
    # Lines of each kind (chat, preference, invalid), in the order each kind first appears.
    kinds: dict[str, int] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return self.issues.error_lines > 0 or any(
            i.severity is Severity.ERROR for i in self.file_issues
        )

    @property
    def error_count(self) -> int:
        """Errors, counting a problem once per line it is on (file-level ones once)."""
        return self.issues.error_lines + sum(i.is_error for i in self.file_issues)

    @property
    def warning_count(self) -> int:
        return self.issues.warning_lines + sum(not i.is_error for i in self.file_issues)

    def issues_by_code(self) -> dict[str, list[Issue]]:
        grouped: dict[str, list[Issue]] = {}
        for issue in self.issues:
            grouped.setdefault(issue.code, []).append(issue)
        return grouped

    def to_json_dict(self, lang: str = "en", *, with_issues: bool = True) -> dict[str, Any]:
        """The CLI's JSON shape (docs/dataset.md); `with_issues=False` leaves `issues` empty."""
        return {
            "file": visible(self.file) if self.file is not None else None,
            "examples": self.examples,
            "valid_examples": self.valid_examples,
            "issues": [issue.to_json_dict(lang) for issue in self.issues] if with_issues else [],
            "file_issues": [issue.to_json_dict(lang) for issue in self.file_issues],
            "tokens": self.tokens.to_json_dict(),
            "estimated_epochs": self.estimated_epochs,
            "billed_tokens": self.billed_tokens,
            "estimated_cost_usd": self.estimated_cost_usd,
        }

    def iter_json(self, lang: str = "en", *, batch: int = 2000) -> Iterator[bytes]:
        """The bytes of `orjson.dumps(self.to_json_dict(lang), option=OPT_INDENT_2)`, in
        pieces, without ever holding every issue's dict (a report may have millions)."""
        text = orjson.dumps(self.to_json_dict(lang, with_issues=False), option=orjson.OPT_INDENT_2)
        if not self.issues:
            yield text
            return
        # A key starts its own line; a string value never holds a raw newline.
        marker = b'\n  "issues": []'
        cut = text.index(marker) + len(marker)
        yield text[: cut - 2] + b"[\n"
        pieces: list[bytes] = []
        left = len(self.issues)
        for entry in self.issues.iter_json_entries(lang):
            pieces.append(entry)
            left -= 1
            if len(pieces) >= batch or not left:
                # Items sit two levels deep: four more spaces on each of their lines.
                joined = b"    " + b",\n".join(pieces).replace(b"\n", b"\n    ")
                yield joined + (b",\n" if left else b"\n  ]")
                pieces = []
        yield text[cut:]


class ReportBuilder:
    """Folds line results, in line order, into a Report (duplicates found on the way)."""

    def __init__(self, *, model: str = DEFAULT_MODEL, file: str | None = None) -> None:
        self.model = model
        self.file = file
        self.bom = False
        self.examples = 0
        self.valid = 0
        self.issues = IssueLog()
        self.kinds: dict[str, int] = {}
        self.valid_tokens: list[int] = []
        self._seen: dict[bytes, int] = {}

    def add(self, check: LineCheck, last_line: int | None = None) -> None:
        self.add_parts(
            check.line, check.kind, check.issues, check.tokens, check.fingerprint, last_line
        )

    def add_parts(
        self,
        line: int,
        kind: str,
        issues: tuple[Issue, ...],
        tokens: int | None,
        fingerprint: bytes | None,
        last_line: int | None = None,
    ) -> None:
        """One line's result, or the result shared by lines `line` to `last_line`.

        Lines come in order, every line once; the issues' own line numbers are ignored.
        """
        last = line if last_line is None else last_line
        count = last - line + 1
        log = self.issues
        log.begin_line()
        for issue in issues:
            log.add(line, last, issue)
        if kind == "blank":
            return
        self.examples += count
        self.kinds[kind] = self.kinds.get(kind, 0) + count
        if fingerprint is not None:
            first = self._seen.setdefault(fingerprint, line)
            if first != line:
                log.add_duplicate(line, last, first)
            elif count > 1:
                log.add_duplicate(line + 1, last, line)
        if kind != "invalid" and not any(i.severity is Severity.ERROR for i in issues):
            self.valid += count
            if tokens is not None:
                if count == 1:
                    self.valid_tokens.append(tokens)
                else:
                    self.valid_tokens.extend([tokens] * count)

    def build(self) -> Report:
        file_issues = file_level_issues(self.examples, self.valid, self.kinds, bom=self.bom)
        epochs = cost.default_epochs(self.valid)
        billed = cost.billed_tokens_per_epoch(self.valid_tokens, self.model) * epochs
        price = cost.PRICES.get(self.model)
        return Report(
            file=self.file,
            model=self.model,
            examples=self.examples,
            valid_examples=self.valid,
            issues=self.issues,
            file_issues=file_issues,
            tokens=token_stats(self.valid_tokens),
            estimated_epochs=epochs,
            billed_tokens=billed,
            estimated_cost_usd=cost.estimate_cost(billed, self.model),
            price_date=price.as_of if price else None,
            example_tokens=self.valid_tokens,
            kinds=dict(self.kinds),
        )


def file_level_issues(
    examples: int, valid: int, kinds: dict[str, int], *, bom: bool = False
) -> list[Issue]:
    out: list[Issue] = []
    if bom:
        out.append(
            Issue(
                None,
                Severity.WARNING,
                "byte_order_mark",
                "",
                T(
                    en="The file starts with an invisible byte order mark (BOM), which some "
                    "upload services reject.",
                    zh_TW="檔案開頭有看不見的位元組順序標記（BOM），部分上傳服務會拒絕。",
                ),
                T(
                    en='Save it as "UTF-8" rather than "UTF-8 with BOM".',
                    zh_TW="請存成「UTF-8」而不是「UTF-8 含 BOM」。",
                ),
            )
        )
    if examples == 0:
        out.append(
            Issue(
                None,
                Severity.ERROR,
                "no_examples",
                "",
                T(en="The file has no examples.", zh_TW="檔案裡沒有任何範例。"),
                T(
                    en="Write at least 10 example conversations, one per line.",
                    zh_TW="請至少寫 10 則範例對話，每行一則。",
                ),
            )
        )
    if kinds.get("chat") and kinds.get("preference"):
        out.append(
            Issue(
                None,
                Severity.ERROR,
                "mixed_formats",
                "",
                T(
                    en=f"The file mixes {kinds['chat']} chat examples with {kinds['preference']} "
                    "preference (DPO) examples; a training file holds one kind.",
                    zh_TW=f"檔案混用了 {kinds['chat']} 則對話範例與 {kinds['preference']} 則偏好"
                    "（DPO）範例；一個訓練檔只能有一種。",
                ),
                T(en="Split them into two files.", zh_TW="請分成兩個檔案。"),
            )
        )
    usable = f"{valid} usable example{'s' if valid != 1 else ''}"
    if examples and valid < MIN_EXAMPLES:
        out.append(
            Issue(
                None,
                Severity.ERROR,
                "insufficient_examples",
                "",
                T(
                    en=f"Only {usable} (of {examples}); fine-tuning needs at least {MIN_EXAMPLES}.",
                    zh_TW=f"只有 {valid} 則可用的範例（共 {examples} 則）；微調至少需要 "
                    f"{MIN_EXAMPLES} 則。",
                ),
                T(
                    en="Fix the examples with errors and add more; 50 to 100 good examples "
                    "usually give clear improvements.",
                    zh_TW="修正有錯誤的範例並增加數量；通常 50 到 100 則好範例就能看到明顯改善。",
                ),
            )
        )
    elif examples and valid < RECOMMENDED_EXAMPLES:
        out.append(
            Issue(
                None,
                Severity.WARNING,
                "insufficient_examples",
                "",
                T(
                    en=f"{usable.capitalize()} is enough to start, but 50 to 100 examples usually "
                    "give clearly better results.",
                    zh_TW=f"{valid} 則可用的範例足以開始，但通常 50 到 100 則範例效果會明顯更好。",
                ),
                T(
                    en="Add more examples of the answers you want (50–100 recommended).",
                    zh_TW="多寫一些你想要的回答範例（建議 50 到 100 則）。",
                ),
            )
        )
    return out


# ---------------------------------------------------------------------------------- entry points
def iter_lines(data: bytes, *, skip_bom: bool = True) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, raw bytes without ending) of each physical line; BOM skipped
    (only at the start of a file: `skip_bom=False` for a piece from its middle)."""
    if skip_bom and data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if not data:
        return
    start = 0
    line_no = 0
    size = len(data)
    while start < size:
        end = data.find(b"\n", start)
        if end < 0:
            end = size
        line_no += 1
        raw = data[start:end]
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        yield line_no, raw
        start = end + 1


def validate_lines(
    lines: Iterable[tuple[int, bytes]],
    *,
    model: str = DEFAULT_MODEL,
    file: str | None = None,
    bom: bool = False,
) -> Report:
    builder = ReportBuilder(model=model, file=file)
    builder.bom = bom
    check = ShortLineChecker(CheckContext(model=model))
    for first, last, result in line_runs(lines, check):
        builder.add_parts(
            first, result.kind, result.issues, result.tokens, result.fingerprint, last
        )
    return builder.build()


def validate_document(doc: DatasetDocument, *, model: str = DEFAULT_MODEL) -> Report:
    lines = ((i + 1, line.raw) for i, line in enumerate(doc))
    return validate_lines(lines, model=model, file=str(doc.path) if doc.path else None, bom=doc.bom)


def validate_bytes(
    data: bytes,
    *,
    model: str = DEFAULT_MODEL,
    file: str | None = None,
    workers: int | None = 1,
) -> Report:
    """Validate a whole file's bytes. `workers=None` picks worker processes for big files
    (only safe in a process without other threads: it forks); the default stays in-process.
    """
    from fine_tune_studio.core import parallel

    if parallel.worth_parallel(len(data), workers):
        return parallel.validate_bytes_parallel(data, model=model, file=file, workers=workers)
    return validate_lines(iter_lines(data), model=model, file=file, bom=data.startswith(UTF8_BOM))


def validate_path(
    path: Path | str, *, model: str = DEFAULT_MODEL, workers: int | None = None
) -> Report:
    """Validate a file on disk (raises OSError if it cannot be read); big files in parallel."""
    from fine_tune_studio.core import parallel

    path = Path(path)
    if parallel.worth_parallel(path.stat().st_size, workers):
        return parallel.validate_path_parallel(path, model=model, workers=workers)
    return validate_bytes(path.read_bytes(), model=model, file=str(path), workers=1)


# ---------------------------------------------------------------------------------- editor
class DocumentChecker:
    """Per-line results of a document, kept current one edit at a time (for the editor).

    Results are cached by the line's bytes and shared by every line with those bytes (a
    line's own numbers are put in when it is asked for), and duplicates are counted by
    fingerprint, so re-checking an edited line costs one `check_line` plus dictionary
    updates, and a million blank lines cost one result and a list of references.
    Indices are 0-based like DatasetDocument's; issues carry 1-based line numbers.
    """

    def __init__(self, doc: DatasetDocument, *, model: str = DEFAULT_MODEL) -> None:
        self.doc = doc
        self.context = CheckContext(model=model)
        self._cache: dict[bytes, LineCheck] = {}
        self._checks: list[LineCheck] = []  # shared results; their line may be another's
        self._fp_count: Counter[bytes] = Counter()  # fingerprint -> lines having it
        self.recheck_all()

    def recheck_all(self) -> None:
        self._fp_count.clear()
        self._checks = []
        for line in self.doc:
            check = self._check(line.raw, len(self._checks) + 1)
            self._checks.append(check)
            if check.fingerprint is not None:
                self._fp_count[check.fingerprint] += 1

    def _check(self, raw: bytes, line_no: int) -> LineCheck:
        cached = self._cache.get(raw)
        if cached is None:
            # Parsed objects are dropped: a 100,000-line file would otherwise be held twice.
            cached = replace(check_line(raw, line_no, context=self.context), obj=None)
            if len(self._cache) > 500_000:
                self._cache.clear()
            self._cache[raw] = cached
        return cached

    def example(self, i: int) -> Example | None:
        """The pydantic model of line i, parsed again on demand (None if not an example)."""
        return check_line(self.doc.line_bytes(i), i + 1, context=self.context).example

    def __len__(self) -> int:
        return len(self._checks)

    def update_line(self, i: int) -> LineCheck:
        """Re-check line i after `doc.set_line_*`; touches no other line's result."""
        old = self._checks[i]
        if old.fingerprint is not None:
            self._fp_count[old.fingerprint] -= 1
            if self._fp_count[old.fingerprint] <= 0:
                del self._fp_count[old.fingerprint]
        check = self._check(self.doc.line_bytes(i), i + 1)
        self._checks[i] = check
        if check.fingerprint is not None:
            self._fp_count[check.fingerprint] += 1
        return check.at_line(i + 1)

    def line_check(self, i: int) -> LineCheck:
        return self._checks[i].at_line(i + 1)

    def duplicates_of(self, i: int) -> int:
        """How many other lines hold the same example as line i."""
        fp = self._checks[i].fingerprint
        return self._fp_count.get(fp, 0) - 1 if fp is not None else 0

    def issues_for(self, i: int) -> tuple[Issue, ...]:
        """Line i's issues, a duplicate warning included when another line equals it."""
        check = self.line_check(i)
        if self.duplicates_of(i) > 0:
            first = self._first_with(check.fingerprint, before=i)
            if first is not None:
                return (*check.issues, _duplicate_issue(i + 1, first + 1))
        return check.issues

    def _first_with(self, fp: bytes | None, *, before: int) -> int | None:
        # Linear in i only when the line *is* a duplicate; the editor asks per visible row.
        for j in range(before):
            if self._checks[j].fingerprint == fp:
                return j
        return None

    def report(self) -> Report:
        builder = ReportBuilder(
            model=self.context.model, file=str(self.doc.path) if self.doc.path else None
        )
        builder.bom = self.doc.bom
        numbered = ((i + 1, check) for i, check in enumerate(self._checks))
        for first, last, check in _same_result_runs(numbered):
            builder.add_parts(
                first, check.kind, check.issues, check.tokens, check.fingerprint, last
            )
        return builder.build()

    def structure_changed(self) -> None:
        """Call after inserting, deleting or moving lines (results are reused by bytes)."""
        self.recheck_all()


def _same_result_runs(
    checks: Iterable[tuple[int, LineCheck]],
) -> Iterator[tuple[int, int, LineCheck]]:
    """(first, last, result) for each run of consecutive lines sharing one cached result."""
    first = last = 0
    current: LineCheck | None = None
    for line_no, check in checks:
        if check is current:
            last = line_no
            continue
        if current is not None:
            yield first, last, current
        current, first, last = check, line_no, line_no
    if current is not None:
        yield first, last, current
