"""The launch wizard at 1024×700, in English and Traditional Chinese: every page's
controls are inside the window (screens saved for a look: FTS_SHOTS)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget, QWizard

from tests.support.cut_text import cut_texts
from tests.support.qt_fixtures import until
from tests.ui.jobs.wizard_driver import open_and_fill

SHOTS = Path(os.environ.get("FTS_SHOTS", "/tmp/shots/ux-jobs"))


def run(loop: asyncio.AbstractEventLoop, coro: Any) -> Any:
    return loop.run_until_complete(asyncio.wait_for(coro, 120))


def outside(wizard: QWizard, page: QWidget) -> list[str]:
    """Visible fields and buttons of `page` that reach past the wizard's edges."""
    window = QRect(QPoint(0, 0), wizard.size())
    cut = []
    for child in page.findChildren(QWidget):
        if not child.isVisible() or child.width() == 0:
            continue
        name = type(child).__name__
        if name not in ("QLineEdit", "NumberField", "QComboBox", "QPushButton", "QCheckBox",
                        "QRadioButton"):
            continue
        corner = child.mapTo(wizard, QPoint(child.width() - 1, child.height() - 1))
        if not window.contains(corner):
            cut.append(f"{name} {getattr(child, 'text', lambda: '')()}")
    return cut


def test_every_page_fits_1024_by_700(
    fake_api_context: Any, make_panel: Any, qasync_loop: asyncio.AbstractEventLoop,
    qtbot: Any,
) -> None:
    from fine_tune_studio.ui.i18n import LanguageSwitcher

    panel = make_panel(fake_api_context)
    SHOTS.mkdir(parents=True, exist_ok=True)
    switcher = LanguageSwitcher()

    async def scenario() -> None:
        wizard = await open_and_fill(panel, qtbot, validation="none",
                                     settings={"n_epochs": 100})
        wizard.resize(1024, 700)
        pages = [("data", wizard.data_page), ("settings", wizard.settings_page)]
        try:
            for lang in ("en", "zh_TW"):
                switcher.apply(lang)
                await asyncio.sleep(0.05)
                wizard.back()
                await asyncio.sleep(0.05)
                for name, page in pages:
                    if name == "settings":
                        wizard.next()
                        await until(lambda p=page: wizard.currentPage() is p)
                    await asyncio.sleep(0.05)
                    wizard.grab().save(str(SHOTS / f"wizard-{name}-1024x700-{lang}.png"))
                    assert not outside(wizard, page), (lang, name, outside(wizard, page))
                    assert not cut_texts(wizard), (lang, name, cut_texts(wizard))
                page = wizard.settings_page
                page.rows["n_epochs"].field.setText("5000")  # a limit said in this language
                await asyncio.sleep(0.05)
                wizard.grab().save(str(SHOTS / f"wizard-limit-1024x700-{lang}.png"))
                page.rows["n_epochs"].field.setText("3")
                wizard.next()
                await until(lambda: wizard.currentPage() is wizard.review_page)
                await asyncio.sleep(0.05)
                wizard.grab().save(str(SHOTS / f"wizard-review-1024x700-{lang}.png"))
                assert not outside(wizard, wizard.review_page), outside(wizard,
                                                                         wizard.review_page)
                assert not cut_texts(wizard), cut_texts(wizard)
                wizard.back()
        finally:
            switcher.apply("en")
        await panel.shutdown()

    run(qasync_loop, scenario())


def test_this_computers_settings_keep_every_explanation_whole_and_say_the_split(
    engine_context: Any, engine_server: Any, make_panel: Any,
    qasync_loop: asyncio.AbstractEventLoop, qtbot: Any,
) -> None:
    # This computer shows six settings with two-line explanations: at the wizard's own
    # size the page scrolls rather than cut them in half.
    panel = make_panel(engine_context)

    async def scenario() -> None:
        wizard = await open_and_fill(panel, qtbot, model=engine_server.base_model,
                                     validation="split")
        wizard.resize(760, 620)
        await asyncio.sleep(0.1)
        page = wizard.settings_page
        assert len([row for row in page.rows.values() if row.note.isVisible()]) >= 6
        assert not cut_texts(wizard), cut_texts(wizard)
        # 10 % of the airport file's 24 examples would be 2: the wizard says what it does.
        n = wizard.checked.report.valid_examples
        assert page.split_note.isVisible()
        assert page.split_note.text() == (
            f"10 % of {n} examples would be {round(n / 10)}; 10 are held out, the fewest a "
            f"provider takes in a file, and {n - 10} are left to learn from.")
        page.valid_none.setChecked(True)
        assert not page.split_note.isVisible()
        wizard.reject()
        await panel.shutdown()

    run(qasync_loop, scenario())
