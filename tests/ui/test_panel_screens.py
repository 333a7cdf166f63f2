"""Every panel at a laptop's 1024×700 and a desktop's 1600×1000, in English and Traditional
Chinese: no button, label or tab cuts its words off, and a picture of each is saved to be
looked at.

The window is the app's own (every panel, the shipped translations), with the airport
examples open, an example chosen in the form (one reply with a tool call), the file with
mistakes for the Problems list, the fine-tune wizard's pages, a conversation in Try it with
long model names, and a test set in Evaluate. At 1024×700, `tests.support.cut_text` finds
any text cut off; the pictures go to $FTS_SCREENS (default /tmp/shots/panels) as
`<panel>.<lang>.<width>x<height>.png`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from fine_tune_studio.core.conversation import Conversation, ModelRef, Reply, ReplyStatus
from tests.support.cut_text import cut_texts
from tests.support.qt_fixtures import this_computer_window, until
from tests.support.test_files import AIRPORT_FAQ, AIRPORT_FAQ_WITH_MISTAKES

SMALL = (1024, 700)
LARGE = (1600, 1000)


def screens_folder() -> Path:
    folder = Path(os.environ.get("FTS_SCREENS") or "/tmp/shots/panels")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# -- the checker finds a real cut --------------------------------------------------------------


def _window_with(*widgets: QWidget) -> QWidget:
    window = QWidget()
    layout = QHBoxLayout(window)
    for widget in widgets:
        widget.setParent(window)
        layout.addWidget(widget)
    layout.addStretch(1)
    return window


def test_the_checker_finds_a_button_label_and_box_too_narrow_for_their_words(qtbot) -> None:
    words = "Add a tool call to this reply"
    roomy = QPushButton(words)
    narrow = QPushButton(words)
    narrow.setFixedWidth(narrow.fontMetrics().horizontalAdvance(words) // 2)
    label = QLabel(words)
    label.setFixedWidth(label.fontMetrics().horizontalAdvance(words) - 10)
    box = QCheckBox(words)
    box.setFixedWidth(box.fontMetrics().horizontalAdvance(words) // 2)
    short = QPushButton("OK")
    short.setFixedWidth(short.fontMetrics().horizontalAdvance("OK") + 16)  # under 80 px: fine
    window = _window_with(roomy, narrow, label, box, short)
    qtbot.addWidget(window)
    window.resize(1200, 100)
    window.show()

    cut = cut_texts(window)
    assert len(cut) == 3, cut
    assert [line.split(" ")[0] for line in cut] == ["QPushButton", "QLabel", "QCheckBox"]

    narrow.setMinimumWidth(0)
    narrow.setMaximumWidth(10_000)
    label.setMinimumWidth(0)
    label.setMaximumWidth(10_000)
    box.setMinimumWidth(0)
    box.setMaximumWidth(10_000)
    window.layout().activate()
    assert cut_texts(window) == []


def test_the_checker_finds_a_button_pushed_out_of_a_panel_but_not_one_scrolled_away(
    qtbot,
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    panel = QWidget(window)
    panel.setGeometry(0, 0, 120, 40)
    clipped = QPushButton("A button with long words", panel)
    clipped.setGeometry(60, 5, clipped.sizeHint().width(), 30)  # its right half is outside

    scroll = QScrollArea(window)
    scroll.setGeometry(0, 50, 120, 80)
    inner = QWidget()
    column = QVBoxLayout(inner)
    for index in range(20):
        column.addWidget(QPushButton(f"Button number {index} with words"))
    scroll.setWidget(inner)  # wider and taller than the area: it scrolls
    window.resize(300, 200)
    window.show()

    cut = cut_texts(window)
    assert len(cut) == 1 and "A button with long words" in cut[0], cut


def test_the_checker_finds_a_layout_squeezed_below_its_minimum(qtbot) -> None:
    """A field laid over its label: the row is narrower than its layout's minimum."""
    window = QWidget()
    qtbot.addWidget(window)
    row = QWidget(window)
    layout = QHBoxLayout(row)
    layout.addWidget(QLabel("Max tokens"))
    field = QLineEdit()
    field.setMinimumWidth(200)
    layout.addWidget(field)
    row.setGeometry(0, 0, 120, 30)
    window.resize(300, 60)
    window.show()
    assert any("for a layout that needs" in line for line in cut_texts(window))

    row.setGeometry(0, 0, 300, 40)
    assert cut_texts(window) == []


# -- the app's panels --------------------------------------------------------------------------


@pytest.fixture(params=["en", "zh_TW"])
def window(request: Any, qtbot: Any, qasync_loop: asyncio.AbstractEventLoop,
           make_ui_context: Any, tmp_path: Path) -> Iterator[Any]:
    with this_computer_window(make_ui_context, qasync_loop, SMALL,
                              language_override=request.param) as window:
        assert window.context.effective_language == request.param
        yield window


class Camera:
    """Shows a screen at both sizes, saves each picture, and checks the small one."""

    def __init__(self, window: Any, lang: str) -> None:
        self.window = window
        self.lang = lang
        self.folder = screens_folder()
        self.cut: dict[str, list[str]] = {}

    async def settle(self) -> None:
        # Sleeping lets qasync run Qt's events; QApplication.processEvents() here would run
        # them inside this coroutine's step, where a task a widget starts (the Evaluation
        # panel lists models when shown) fails with "Cannot enter into task" and never runs.
        for _ in range(5):
            await asyncio.sleep(0.02)

    async def shoot(self, name: str, top: QWidget | None = None,
                    sizes: tuple[tuple[int, int], ...] = (SMALL, LARGE)) -> None:
        top = top or self.window
        for width, height in sizes:
            top.resize(width, height)
            await self.settle()
            path = self.folder / f"{name}.{self.lang}.{width}x{height}.png"
            assert top.grab().save(str(path), "PNG"), path
            if (width, height) == SMALL or top is not self.window:
                cut = cut_texts(top)
                if cut:
                    self.cut[f"{name} at {width}x{height}"] = cut
        self.window.resize(*SMALL)
        await self.settle()


async def _open(window: Any, source: Path, into: Path) -> Any:
    editor = window.panel_widgets["editor"]
    shutil.copyfile(source, into)
    assert await editor.open_path(into, ask=False)
    await until(lambda: not editor.loading and not editor.session.checking)
    return editor


def test_every_panel_fits_its_words_at_1024x700_and_is_pictured(
    window: Any, qasync_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    lang = window.context.effective_language
    camera = Camera(window, lang)

    async def scenario() -> None:
        panels = window.panel_widgets

        # Examples: the file with mistakes and its Problems list, then the airport examples with
        # one example in the form, a reply with a tool call in it.
        window.show_panel("editor")
        editor = await _open(window, AIRPORT_FAQ_WITH_MISTAKES, tmp_path / "mistakes.jsonl")
        editor.bottom_tabs.setCurrentIndex(0)
        await camera.shoot("examples-problems")
        editor.undo_stack.setClean()
        editor = await _open(window, AIRPORT_FAQ, tmp_path / "airport.jsonl")
        assert editor.select_line(1)
        await camera.settle()
        await camera.shoot("examples-form")
        form = editor.findChild(QWidget, "bubble")
        bubbles = [bubble for bubble in editor.findChildren(QWidget, "bubble")
                   if bubble.isVisible() and getattr(bubble, "role", "") == "assistant"]
        assert form is not None and bubbles
        bubbles[0].add_tool_call_button.click()
        await camera.settle()
        await camera.shoot("examples-tool-call")

        # Training, and the fine-tune wizard's pages (a window of its own, checked at its size).
        jobs = panels["jobs"]
        window.show_panel("jobs")
        await camera.shoot("training")
        wizard = jobs.open_wizard()
        assert isinstance(wizard, QWizard)
        page = wizard.data_page
        await until(lambda: not page._checking and not page._loading_models)
        seen = set()
        while wizard.currentId() not in seen:
            seen.add(wizard.currentId())
            await camera.settle()
            await camera.shoot(f"wizard-page-{len(seen)}", wizard, sizes=((wizard.width(),
                                                                     wizard.height()),))
            if not wizard.button(QWizard.WizardButton.NextButton).isEnabled():
                break
            wizard.next()
        wizard.reject()

        # Try it: a conversation between two models with long names.
        playground = panels["playground"]
        window.show_panel("playground")
        provider = window.context.settings.active_provider_id
        conversation = Conversation(models=[
            ModelRef(provider_id=provider, model="Qwen2.5-0.5B-Instruct"),
            ModelRef(provider_id=provider,
                     model="ft:Qwen2.5-0.5B-Instruct:airport:3f9a2c7e1b8d4e6fa0c5b9d2e7f1a3c4"),
        ])
        turn = conversation.add_user_turn("請問我可以帶豬肉乾入境台灣嗎？")
        turn.replies = [
            Reply(text="可以，但請注意重量限制。", status=ReplyStatus.DONE),
            Reply(text="根據動植物防疫檢疫規定，所有肉類及肉類加工品（包含真空包裝）都禁止攜帶入境。",
                  status=ReplyStatus.DONE),
        ]
        playground.library.save(conversation)
        playground.open_conversation(conversation.id)
        await camera.shoot("try-it")

        # Evaluate: first without a test set, then with one.
        evaluation = panels["evaluation"]
        window.show_panel("evaluation")
        await camera.shoot("evaluate")
        test_set = tmp_path / "airport.test.jsonl"
        shutil.copyfile(AIRPORT_FAQ, test_set)
        evaluation.use_test_set(test_set)
        await camera.shoot("evaluate-test-set")

        # Providers.
        window.show_panel("settings")
        await camera.shoot("providers")

    qasync_loop.run_until_complete(scenario())
    assert camera.cut == {}
