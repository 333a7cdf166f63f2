"""Turn spreadsheet rows (CSV, Excel .xlsx, tab-separated paste) into chat examples.

The flow the editor's import dialog follows: read a `Table` (header + rows with their
spreadsheet row numbers), let the user map columns (`guess_mapping` proposes one), then
`convert` — which returns the examples it can build and a problem, with its row number,
for every row it cannot, before anything touches the document.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fine_tune_studio.core.i18n import LocalizedText


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # as the spreadsheet shows them (1-based, header counted)
    # A workbook's worksheets in their order, and the one these rows come from ([] and ""
    # for CSV and pasted rows).
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""

    @property
    def column_count(self) -> int:
        widths = [len(self.headers), *(len(row) for row in self.rows)]
        return max(widths) if widths else 0

    def column_names(self) -> list[str]:
        names = []
        for index in range(self.column_count):
            header = self.headers[index] if index < len(self.headers) else ""
            names.append(header or _column_letter(index))
        return names


@dataclass(frozen=True)
class ColumnMapping:
    question: int
    answer: int
    system: int | None = None


@dataclass(frozen=True)
class RowProblem:
    row: int  # spreadsheet row number
    column: str  # the column's name as shown to the user ("" for the whole row)
    message: LocalizedText


@dataclass
class ImportResult:
    examples: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Empty rows between filled ones (spreadsheet row numbers): left out, and counted.
    skipped_empty: list[int] = field(default_factory=list)


class TableReadError(Exception):
    def __init__(self, message: LocalizedText) -> None:
        super().__init__(message.en)
        self.message = message


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def decode_text(data: bytes) -> str:
    """Spreadsheets save CSV as UTF-8 (with or without BOM) or, in Taiwan, often Big5."""
    for encoding in ("utf-8-sig", "cp950", "big5hkscs"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _table_from_records(records: list[list[str]], *, has_header: bool) -> Table:
    numbered = list(enumerate(records, start=1))
    if has_header and numbered:
        headers = [cell.strip() for cell in numbered[0][1]]
        numbered = numbered[1:]
    else:
        headers = []
    return Table(
        headers=headers,
        rows=[row for _, row in numbered],
        row_numbers=[number for number, _ in numbered],
    )


def read_delimited(text: str, *, delimiter: str | None = None, has_header: bool = True) -> Table:
    if delimiter is None:
        sample = text[:8192]
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
        except csv.Error:
            delimiter = "\t" if "\t" in sample else ","
    records = [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return _table_from_records(records, has_header=has_header)


def read_csv(path: Path, *, has_header: bool = True) -> Table:
    return read_delimited(decode_text(path.read_bytes()), has_header=has_header)


def read_pasted_rows(text: str) -> Table:
    """Rows copied from a spreadsheet arrive tab-separated; a header row is optional."""
    table = read_delimited(text, delimiter="\t", has_header=False)
    if table.rows and guess_mapping(table.rows[0]) is not None:
        return _table_from_records([*table.rows], has_header=True)
    return table


def read_xlsx(path: Path, *, sheet: str | None = None, has_header: bool = True) -> Table:
    try:
        from openpyxl import load_workbook
    except ImportError as error:  # pragma: no cover - openpyxl ships with the gui extra
        raise TableReadError(
            LocalizedText(
                en="Excel support is not installed (openpyxl).",
                zh_TW="尚未安裝 Excel 支援（openpyxl）。",
            )
        ) from error
    try:
        # read_only streams rows, so a large workbook does not have to fit in memory.
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise TableReadError(
            LocalizedText(
                en=f"This file could not be read as an Excel workbook: {error}",
                zh_TW=f"無法以 Excel 活頁簿讀取這個檔案：{error}",
            )
        ) from error
    try:
        names = list(workbook.sheetnames)
        if sheet and sheet not in names:
            raise TableReadError(
                LocalizedText(
                    en=f"This workbook has no worksheet called “{sheet}”.",
                    zh_TW=f"這個活頁簿裡沒有名為「{sheet}」的工作表。",
                )
            )
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        records = [[_cell(value) for value in row] for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    table = _table_from_records(records, has_header=has_header)
    table.sheets, table.sheet = names, worksheet.title
    return table


def read_table(path: Path, *, has_header: bool = True, sheet: str | None = None) -> Table:
    """A CSV file or one worksheet of a workbook (`sheet`; the first when None)."""
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return read_xlsx(path, sheet=sheet, has_header=has_header)
    return read_csv(path, has_header=has_header)


_QUESTION_NAMES = (
    "question",
    "questions",
    "user",
    "prompt",
    "input",
    "問題",
    "提問",
    "問",
    "使用者",
)
_ANSWER_NAMES = (
    "answer",
    "answers",
    "assistant",
    "reply",
    "response",
    "output",
    "completion",
    "回答",
    "答案",
    "答",
    "回覆",
    "助理",
)
_SYSTEM_NAMES = ("system", "system prompt", "instructions", "系統", "系統提示", "系統訊息", "指示")


def _find(headers: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [header.strip().lower() for header in headers]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def guess_mapping(headers: list[str]) -> ColumnMapping | None:
    """A mapping from header names in English or Chinese, or None when they say nothing."""
    question = _find(headers, _QUESTION_NAMES)
    answer = _find(headers, _ANSWER_NAMES)
    if question is None or answer is None or question == answer:
        return None
    return ColumnMapping(question=question, answer=answer, system=_find(headers, _SYSTEM_NAMES))


_EMPTY_QUESTION = LocalizedText(
    en="The question is empty: write what the customer asks.",
    zh_TW="提問是空的：請填入顧客會問的內容。",
)
_EMPTY_ANSWER = LocalizedText(
    en="The answer is empty: write the reply the model should learn.",
    zh_TW="回答是空的：請填入模型該學會的回覆。",
)
_MISSING_CELLS = LocalizedText(
    en="This row has only {count} cells; the mapped column is missing.",
    zh_TW="這一列只有 {count} 個儲存格，缺少對應的欄位。",
)


def convert(table: Table, mapping: ColumnMapping, *, default_system: str = "") -> ImportResult:
    result = ImportResult()
    names = table.column_names()
    last_filled = 0
    for row, number in zip(table.rows, table.row_numbers, strict=True):
        if not any(cell.strip() for cell in row):
            result.skipped_empty.append(number)
            continue
        last_filled = number
        problems: list[RowProblem] = []
        needed = max(mapping.question, mapping.answer)
        if needed >= len(row):
            problems.append(RowProblem(number, "", _MISSING_CELLS.format(count=len(row))))
        else:
            question = row[mapping.question].strip()
            answer = row[mapping.answer].strip()
            if not question:
                problems.append(RowProblem(number, names[mapping.question], _EMPTY_QUESTION))
            if not answer:
                problems.append(RowProblem(number, names[mapping.answer], _EMPTY_ANSWER))
        if problems:
            result.problems.extend(problems)
            continue
        system = default_system
        if mapping.system is not None and mapping.system < len(row) and row[mapping.system].strip():
            system = row[mapping.system].strip()
        messages: list[dict[str, object]] = []
        if system:
            messages.append({"role": "system", "content": system})
        messages.append({"role": "user", "content": row[mapping.question].strip()})
        messages.append({"role": "assistant", "content": row[mapping.answer].strip()})
        result.examples.append((number, {"messages": messages}))
    # Empty rows after the last filled one are the sheet's end (a spreadsheet often keeps a
    # formatted but empty tail), not rows the user left out.
    result.skipped_empty = [n for n in result.skipped_empty if n < last_filled]
    return result
