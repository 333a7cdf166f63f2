"""Drives the launch wizard the way a user does: pick, type, tick, click."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from tests.support.qt_fixtures import until


async def open_and_fill(
    panel: Any,
    qtbot: Any,
    *,
    model: str | None = None,
    settings: dict[str, float] | None = None,
    validation: str = "split",
    suffix: str | None = None,
    seed: int | None = None,
    continue_from_fine_tuned: bool = False,
) -> Any:
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    wizard = panel._wizard
    page = wizard.data_page
    await until(lambda: wizard.checked is not None and page.model.count() > 0, timeout=120)
    if continue_from_fine_tuned:
        page.continue_ft.setChecked(True)
        await until(lambda: page.model.count() > 0)
    if model is not None:
        index = page.model.findData(model)
        assert index >= 0, [page.model.itemData(i) for i in range(page.model.count())]
        page.model.setCurrentIndex(index)
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled(), page.check_result.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)

    settings_page = wizard.settings_page
    for key, value in (settings or {}).items():
        row = settings_page.rows[key]
        row.auto.setChecked(False)
        row.field.setValue(value)
    {"none": settings_page.valid_none, "split": settings_page.valid_split}.get(
        validation, settings_page.valid_file
    ).setChecked(True)
    if suffix:
        qtbot.keyClicks(settings_page.suffix, suffix)
    if seed is not None:
        settings_page.seed_auto.setChecked(False)
        settings_page.seed.setValue(seed)
    return wizard


async def review_and_start(wizard: Any, qtbot: Any) -> None:
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    await until(next_button.isEnabled)
    qtbot.mouseClick(next_button, Qt.MouseButton.LeftButton)
    review = wizard.review_page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "must not start before the user confirms"
    review.confirm.setChecked(True)
    assert finish.isEnabled()
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
