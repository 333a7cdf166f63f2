"""The launch wizard at 1024×700, in English and Traditional Chinese: every page's
controls are inside the window (screens saved for a look: FTS_SHOTS)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget, QWizard

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
                wizard.back()
        finally:
            switcher.apply("en")
        await panel.shutdown()

    run(qasync_loop, scenario())
