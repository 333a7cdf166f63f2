"""Spreadsheet rows become examples; every row that cannot is reported with its row number."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from fine_tune_studio.core.tabular_import import (
    ColumnMapping,
    TableReadError,
    convert,
    guess_mapping,
    read_csv,
    read_pasted_rows,
    read_table,
    read_xlsx,
)


def test_csv_with_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "faq.csv"
    path.write_text(
        "問題,回答,系統提示\n"
        "可以帶豬肉乾嗎?,不行,你是機場客服\n"
        "Wi-Fi 免費嗎?,,\n"  # row 3: no answer
        "\n"  # row 4: empty, skipped
        '"寵物, 可以上飛機嗎?","依航空公司規定",\n',
        encoding="utf-8-sig",
    )
    table = read_csv(path)
    mapping = guess_mapping(table.headers)
    assert mapping == ColumnMapping(question=0, answer=1, system=2)
    result = convert(table, mapping, default_system="預設系統提示")
    assert [row for row, _ in result.examples] == [2, 5]
    assert result.examples[0][1] == {
        "messages": [
            {"role": "system", "content": "你是機場客服"},
            {"role": "user", "content": "可以帶豬肉乾嗎?"},
            {"role": "assistant", "content": "不行"},
        ]
    }
    # The row without its own system prompt gets the default one.
    assert result.examples[1][1]["messages"][0] == {"role": "system", "content": "預設系統提示"}
    assert [(p.row, p.column) for p in result.problems] == [(3, "回答")]
    assert "answer" in result.problems[0].message.en
    assert result.skipped_empty == [4]


def test_big5_csv_from_a_taiwanese_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "big5.csv"
    path.write_bytes("question,answer\n行李限重?,20公斤\n".encode("cp950"))
    result = convert(read_csv(path), ColumnMapping(0, 1))
    assert result.examples[0][1]["messages"][0]["content"] == "行李限重?"


def test_xlsx_with_a_bad_row(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Question", "Answer"])
    sheet.append(["Where is gate B5?", "Terminal 2, north side."])
    sheet.append([None, "An answer without its question"])
    sheet.append(["How much is parking?", 120])
    path = tmp_path / "faq.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.headers == ["Question", "Answer"]
    result = convert(table, guess_mapping(table.headers) or ColumnMapping(0, 1))
    assert [row for row, _ in result.examples] == [2, 4]
    assert result.examples[1][1]["messages"][1]["content"] == "120"
    assert [(p.row, p.column) for p in result.problems] == [(3, "Question")]
    no_header = read_xlsx(path, has_header=False)
    assert no_header.row_numbers[0] == 1


def test_pasted_rows_with_and_without_header() -> None:
    plain = read_pasted_rows("Q1\tA1\nQ2\tA2\n")
    assert plain.headers == []
    assert [r for r, _ in convert(plain, ColumnMapping(0, 1)).examples] == [1, 2]
    with_header = read_pasted_rows("問題\t答案\nQ1\tA1\n")
    assert with_header.headers == ["問題", "答案"]
    assert guess_mapping(with_header.headers) == ColumnMapping(0, 1, None)


def test_short_row_is_a_problem_not_a_crash() -> None:
    table = read_pasted_rows("Q1\tA1\nonly a question\n")
    result = convert(table, ColumnMapping(0, 1))
    assert [r for r, _ in result.examples] == [1]
    assert result.problems[0].row == 2


def test_a_workbook_names_its_sheets_and_any_one_can_be_read(tmp_path: Path) -> None:
    workbook = Workbook()
    first = workbook.active
    first.title = "說明"
    first.append(["這一頁只有說明"])
    second = workbook.create_sheet("FAQ")
    second.append(["question", "answer"])
    second.append(["Is there Wi-Fi?", "Yes, free."])
    path = tmp_path / "book.xlsx"
    workbook.save(path)

    table = read_table(path)
    assert (table.sheets, table.sheet) == (["說明", "FAQ"], "說明")
    faq = read_table(path, sheet="FAQ")
    assert faq.sheet == "FAQ" and faq.headers == ["question", "answer"]
    assert [row for row, _ in convert(faq, ColumnMapping(0, 1)).examples] == [2]
    with pytest.raises(TableReadError) as raised:
        read_table(path, sheet="Missing")
    assert "Missing" in raised.value.message.zh_TW
    assert read_csv_like_table_has_no_sheets(tmp_path)


def read_csv_like_table_has_no_sheets(tmp_path: Path) -> bool:
    path = tmp_path / "plain.csv"
    path.write_text("q,a\nx,y\n", encoding="utf-8")
    table = read_table(path)
    return (table.sheets, table.sheet) == ([], "")


def test_empty_rows_between_filled_ones_are_counted_not_the_sheets_tail() -> None:
    table = read_pasted_rows("Q1\tA1\n\t\nQ3\tA3\n\t\n\t\n")
    result = convert(table, ColumnMapping(0, 1))
    assert [row for row, _ in result.examples] == [1, 3]
    assert result.skipped_empty == [2]
