"""`NumberField`: a typed number is kept as typed and a limit is said, never applied
silently (a spin box turned "100" into "10" with a maximum of 50)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from fine_tune_studio.ui.widgets.number_field import NumberField


def test_a_number_over_the_limit_is_kept_and_the_limit_named(qtbot: Any) -> None:
    field = NumberField(whole=True, minimum=1, maximum=50)
    qtbot.addWidget(field)
    field.set_limits(1, 50, lambda: "OpenAI")
    qtbot.keyClicks(field, "100")
    assert field.text() == "100" and field.value() == 100
    assert field.problem() == "100 is more than OpenAI accepts (at most 50)."
    assert field.toolTip() == field.problem()  # said where the user looks

    field.set_limits(1, 1000, lambda: "the engine")  # another provider accepts it
    assert field.problem() is None and field.value() == 100


def test_too_small_and_not_a_number_are_said_in_words(qtbot: Any) -> None:
    rate = NumberField(whole=False, minimum=1e-6, maximum=1e-2)
    qtbot.addWidget(rate)
    rate.set_limits(1e-6, 1e-2, lambda: "this app")
    rate.setValue(1e-5)
    assert rate.text() == "0.00001"  # decimal notation, as people type it
    rate.setText("0")
    assert rate.problem() == "0 is less than this app accepts (at least 0.000001)."
    rate.setText("fast")
    assert rate.problem() == "Type a number, for example 0.000001."
    epochs = NumberField(whole=True, minimum=1, maximum=50)
    qtbot.addWidget(epochs)
    epochs.setText("2.5")
    assert epochs.problem() == "Type a whole number, for example 1."


def test_empty_is_a_choice_only_where_allowed(qtbot: Any) -> None:
    field = NumberField(whole=True, minimum=0, maximum=10)
    qtbot.addWidget(field)
    assert field.problem() is not None
    field.allow_empty(lambda: "default")
    assert field.problem() is None and field.value() is None
    assert field.placeholderText() == "default"


def test_arrow_keys_step_without_clamping(qtbot: Any) -> None:
    field = NumberField(whole=True, minimum=1, maximum=5)
    qtbot.addWidget(field)
    field.setValue(5)
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.value() == 6 and field.problem() is not None


def test_a_disabled_field_is_never_marked_wrong(qtbot: Any) -> None:
    field = NumberField(whole=True, minimum=1, maximum=5)
    qtbot.addWidget(field)
    field.setValue(9)
    assert field.styleSheet()
    field.setEnabled(False)  # "Auto" is ticked: the number is not used
    assert not field.styleSheet()
