"""The settings panel driven like a user would: clicks, typing, pasting; every assertion is
about what is on screen (or, for secrets, what is not), against real HTTP servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit, QMessageBox, QPushButton, QWidget

from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.services.keys import KeyBackendStatus, KeyStore
from fine_tune_studio.services.settings_store import SettingsStore
from fine_tune_studio.ui.app import settings_load_problem_box
from fine_tune_studio.ui.settings import SettingsPanel
from tests.support.qt_fixtures import until
from tests.support.service_fixtures import hang, reply

REPO = Path(__file__).resolve().parents[2]
LEFT = Qt.MouseButton.LeftButton
KEY = "sk-test-office-server-0123456789abcdef"


async def click(qtbot: Any, widget: QWidget, **kwargs: Any) -> None:
    """Click like a user: only once the widget is on screen and laid out (a part of the
    form that was just revealed gets its size on the next event-loop pass).

    Every scenario runs inside `qasync_loop.run_until_complete`: letting Qt process events
    outside it (qtbot.wait) would step asyncio tasks while no loop is running."""
    await until(lambda: widget.isVisible() and not widget.rect().isEmpty())
    qtbot.mouseClick(widget, LEFT, **kwargs)


def open_panel(qtbot: Any, make_ui_context: Any, **kwargs: Any) -> SettingsPanel:
    panel = SettingsPanel(make_ui_context(**kwargs))
    qtbot.addWidget(panel)
    panel.resize(1000, 760)
    panel.show()
    return panel


def provider_rows(panel: SettingsPanel) -> list[str]:
    return [panel.providers_list.item(i).text() for i in range(panel.providers_list.count())]


def choose_kind(qtbot: Any, panel: SettingsPanel, kind: ProviderKind) -> None:
    combo = panel.form.kind_combo
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # keys, as a keyboard user would pick
    for _ in range(combo.count()):
        if combo.currentData() == kind.value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{kind} is not offered")


def type_into(qtbot: Any, widget: QLineEdit, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


async def paste_key(qtbot: Any, panel: SettingsPanel, key: str) -> None:
    QGuiApplication.clipboard().setText(f"  {key}\n")  # as copied from a web page
    await click(qtbot, panel.form.key_field.paste_button)


async def add_compatible_provider(
    qtbot: Any, panel: SettingsPanel, base_url: str, key: str
) -> None:
    await click(qtbot, panel.add_button)
    choose_kind(qtbot, panel, ProviderKind.OPENAI_COMPATIBLE)
    type_into(qtbot, panel.form.name_edit, "Office server")
    type_into(qtbot, panel.form.base_url_edit, base_url)
    await paste_key(qtbot, panel, key)


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def run(loop: Any, scenario: Any) -> None:
    loop.run_until_complete(scenario())

def test_first_run_offers_this_computer_in_one_click(
    qtbot, qasync_loop, make_ui_context
) -> None:
    def engine_must_wait() -> Any:
        raise AssertionError("the engine starts only when first used")

    panel = open_panel(qtbot, make_ui_context, engine_factory=engine_must_wait)

    async def scenario() -> None:
        assert panel.first_run.isVisible()
        assert not panel.editor_box.isVisible()  # just the two choices, no half-filled form
        assert panel.first_run.local_button.isEnabled()
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)

    run(qasync_loop, scenario)
    assert provider_rows(panel) == ["This computer (in use)"]
    assert not panel.first_run.isVisible()
    assert panel.form.visible_fields() == ["kindCombo", "nameEdit", "defaultModelsEdit"]
    saved = json.loads(panel.context.settings_store.path.read_text(encoding="utf-8"))
    assert saved["providers"][0]["kind"] == "local_engine"
    assert saved["active_provider_id"] == saved["providers"][0]["id"]


def test_first_run_without_the_engine_add_on_offers_a_key(
    qtbot, qasync_loop, make_ui_context
) -> None:
    panel = open_panel(qtbot, make_ui_context, engine_factory=None)
    assert not panel.first_run.local_button.isEnabled()
    assert "engine add-on" in panel.first_run.engine_note.text()
    assert panel.first_run.engine_note.isVisible()

    async def scenario() -> None:
        await click(qtbot, panel.first_run.key_button)

    run(qasync_loop, scenario)
    assert panel.editor_box.isVisible()
    assert panel.form.kind() is ProviderKind.OPENAI
    # The next thing to do is paste: the cursor waits in the key field.
    assert panel.focusWidget() is panel.form.key_field.line_edit


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        (ProviderKind.LOCAL_ENGINE, []),
        (ProviderKind.REMOTE_ENGINE, ["baseUrlEdit", "keyField"]),
        (ProviderKind.OPENAI, ["organizationEdit", "projectEdit", "keyField"]),
        (ProviderKind.AZURE_OPENAI,
         ["azureEndpointEdit", "azureV1Check", "apiVersionEdit", "azureTrainingTypeCombo",
          "keyField"]),
        (ProviderKind.OPENAI_COMPATIBLE, ["baseUrlEdit", "keyField"]),
        # Together's address has a default; the box stays for proxies.
        (ProviderKind.TOGETHER, ["baseUrlEdit", "keyField"]),
    ],
)
def test_the_kind_picker_shows_only_the_fields_that_kind_needs(
    qtbot, qasync_loop, make_ui_context, kind: ProviderKind, fields: list[str]
) -> None:
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await click(qtbot, panel.first_run.key_button)
        choose_kind(qtbot, panel, kind)
        assert panel.form.visible_fields() == [
            "kindCombo", "nameEdit", *fields, "defaultModelsEdit"
        ]
        if kind is ProviderKind.AZURE_OPENAI:
            box = panel.form.v1_check
            await click(qtbot, box, pos=QPoint(6, box.height() // 2))  # on the tick box
            assert box.isChecked()
            assert "apiVersionEdit" not in panel.form.visible_fields()

    run(qasync_loop, scenario)


def test_the_key_stays_masked_unless_shown_and_cannot_be_copied_out(
    qtbot, qasync_loop, make_ui_context
) -> None:
    panel = open_panel(qtbot, make_ui_context)
    field = panel.form.key_field

    async def scenario() -> None:
        await click(qtbot, panel.first_run.key_button)
        await paste_key(qtbot, panel, KEY)
        assert field.text() == KEY  # the stray spaces and line break are gone
        assert field.line_edit.echoMode() == QLineEdit.EchoMode.Password
        assert KEY not in field.line_edit.displayText()

        await click(qtbot, field.show_button)
        assert field.line_edit.displayText() == KEY
        assert field.show_button.text() == "Hide"
        QGuiApplication.clipboard().setText("something else")
        field.line_edit.selectAll()
        qtbot.keyClick(field.line_edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == "something else"

        field.hide()  # leaving the form masks the key again
        field.show()
        assert field.line_edit.echoMode() == QLineEdit.EchoMode.Password

    run(qasync_loop, scenario)


def test_add_a_provider_and_test_the_connection_lists_its_models(
    qtbot, qasync_loop, make_ui_context, fault_server, memory_keyring, ui_home: Path
) -> None:
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)
        assert provider_rows(panel) == [
            "Office server (in use)\nOther OpenAI-compatible service"
        ]
        # Saved: the key field is empty again and says a key is kept.
        assert panel.form.key_field.text() == ""
        await until(
            lambda: "A key is saved" in panel.form.key_field.line_edit.placeholderText()
        )
        await click(qtbot, panel.test_button)
        await until(lambda: panel.models_list.isVisible())

    run(qasync_loop, scenario)
    models = [panel.models_list.item(i).text() for i in range(panel.models_list.count())]
    assert panel.result_label.text() == "Connected. 3 models available:"
    assert any(m.startswith("gpt-4o-mini-2024-07-18") and "can be fine-tuned" in m
               for m in models)
    assert any("your fine-tuned model" in m for m in models)
    # The saved key went to the server, and lives in the keyring — nowhere on disk.
    sent = fault_server.seen("GET", "/v1/models")[-1].headers["authorization"]
    assert sent == f"Bearer {KEY}"
    assert KEY in memory_keyring.store.values()
    for path in files_under(ui_home):
        assert KEY not in path.read_text(encoding="utf-8", errors="replace"), path


def test_a_server_that_asks_for_no_key_is_saved_and_tested_without_one(
    qtbot, qasync_loop, make_ui_context, fault_server, memory_keyring
) -> None:
    # A vLLM or llama.cpp server on the own network often has no key: the form says the
    # field is optional for that kind, saves without one and the test reaches the server.
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await click(qtbot, panel.add_button)
        choose_kind(qtbot, panel, ProviderKind.OPENAI_COMPATIBLE)
        assert panel.form._labels[panel.form.key_field].text() == "API key (optional)"
        assert "Only if the service asks" in panel.form.key_field.line_edit.placeholderText()
        type_into(qtbot, panel.form.name_edit, "Office server")
        type_into(qtbot, panel.form.base_url_edit, fault_server.base_url)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)
        await click(qtbot, panel.test_button)
        await until(lambda: panel.models_list.isVisible())

    run(qasync_loop, scenario)
    assert panel.result_label.text() == "Connected. 3 models available:"
    assert not panel.form_error.isVisible()
    assert memory_keyring.store == {}  # nothing was stored as a key

    async def openai_still_needs_one() -> None:
        await click(qtbot, panel.add_button)
        choose_kind(qtbot, panel, ProviderKind.OPENAI)
        assert panel.form._labels[panel.form.key_field].text() == "API key"
        await click(qtbot, panel.save_button)
        await until(lambda: panel.form_error.isVisible())

    run(qasync_loop, openai_still_needs_one)
    assert panel.form_error.text() == "Paste the API key."
    assert panel.providers_list.count() == 1


def test_a_wrong_key_is_explained_in_plain_words_without_showing_it(
    qtbot, qasync_loop, make_ui_context, fault_server
) -> None:
    wrong = "sk-wrong-key-aaaaaaaaaaaaaaaaaaaaaaaa"
    fault_server.on("GET", "/v1/models", reply(401, {"error": {
        "message": f"Incorrect API key provided: {wrong}.", "type": "invalid_request_error",
        "param": None, "code": "invalid_api_key"}}))
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, wrong)
        await click(qtbot, panel.test_button)  # testing before saving works too
        await until(lambda: "not accepted" in panel.result_label.text())

    run(qasync_loop, scenario)
    text = panel.result_label.text()
    assert text.splitlines()[0] == "The key was not accepted"
    assert "Copy the key again from the provider's website" in text
    assert "Incorrect API key provided" in text  # the provider's words, as a detail
    assert wrong not in text
    assert not panel.models_list.isVisible()
    assert not panel.switch_provider_button.isVisible()
    assert panel.test_button.isEnabled() and not panel.busy.isVisible()


def test_models_to_offer_first_gives_an_example_of_that_kinds_names(
    qtbot, qasync_loop, make_ui_context
) -> None:
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await click(qtbot, panel.add_button)

    run(qasync_loop, scenario)
    shown = {}
    for kind in (ProviderKind.OPENAI, ProviderKind.TOGETHER, ProviderKind.REMOTE_ENGINE):
        choose_kind(qtbot, panel, kind)
        shown[kind] = panel.form.models_edit.placeholderText()
    assert "gpt-4.1-mini" in shown[ProviderKind.OPENAI]
    assert "meta-llama/" in shown[ProviderKind.TOGETHER]
    assert "Qwen/" in shown[ProviderKind.REMOTE_ENGINE]  # an engine takes Hugging Face names


def test_an_unreachable_address_is_not_the_provider_speaking(
    qtbot, qasync_loop, make_ui_context
) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again when the block ends
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, f"http://127.0.0.1:{port}/v1", KEY)
        await click(qtbot, panel.test_button)
        await until(lambda: "connect" in panel.result_label.text())

    run(qasync_loop, scenario)
    text = panel.result_label.text()
    assert "The provider said" not in text and "Error" not in text
    assert panel.result_label.toolTip()  # the technical account, on hover


def test_a_key_pasted_into_the_name_or_address_is_refused_and_never_saved(
    qtbot, qasync_loop, make_ui_context, fault_server, ui_home: Path
) -> None:
    token = "vQ3xN8kP_2mLr7TzYc4Wd9Hs-Eb6Jf1Ua5Go0IiKnM"  # an engine's access token
    panel = open_panel(qtbot, make_ui_context)
    seen: list[str] = []

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        type_into(qtbot, panel.form.name_edit, f"Office {token}")
        await click(qtbot, panel.save_button)
        await until(lambda: panel.form_error.isVisible())
        seen.append(panel.form_error.text())
        assert panel.focusWidget() is panel.form.name_edit

        type_into(qtbot, panel.form.name_edit, "Office server")
        type_into(qtbot, panel.form.base_url_edit, f"Bearer {token}")
        await click(qtbot, panel.test_button)
        await until(lambda: panel.focusWidget() is panel.form.base_url_edit)
        seen.append(panel.form_error.text())

    run(qasync_loop, scenario)
    for message in seen:
        assert message.startswith("This looks like an API key or token.")
        assert "API key field" in message and token not in message
    assert panel.providers_list.count() == 0
    assert fault_server.seen("GET", "/v1/models") == []  # nothing was sent anywhere
    for path in files_under(ui_home):
        assert token not in path.read_text(encoding="utf-8", errors="replace"), path


def test_a_key_with_a_full_width_letter_is_refused_as_it_is_typed(
    qtbot, qasync_loop, make_ui_context, fault_server, memory_keyring
) -> None:
    pasted = KEY[:10] + "Ｏ" + KEY[11:]  # a full-width O, as a word processor may turn it
    panel = open_panel(qtbot, make_ui_context)
    field = panel.form.key_field

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, pasted)
        await until(lambda: field.problem_label.isVisible())
        assert field.problem_label.text().startswith("Character 11 of the key is not a plain")
        await click(qtbot, panel.save_button)
        await until(lambda: panel.focusWidget() is field.line_edit)  # back to the key
        assert not panel.form_error.isVisible()  # said once, under the key field
        assert panel.providers_list.count() == 0

        panel.language_combo.setCurrentIndex(panel.language_combo.findData("zh_TW"))
        await until(lambda: field.problem_label.text().startswith("金鑰的第 11 個字元"))
        panel.language_combo.setCurrentIndex(panel.language_combo.findData("en"))

        await paste_key(qtbot, panel, KEY)  # copied again, straight from the website
        await until(lambda: not field.problem_label.isVisible())
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)

    run(qasync_loop, scenario)
    assert list(memory_keyring.store.values()) == [KEY]


def test_a_damaged_settings_file_is_explained_at_start_in_the_users_language(
    qtbot, qasync_loop, make_ui_context, ui_home: Path
) -> None:
    config = ui_home / "config"
    config.mkdir()
    nested = '{"panels": {"x": {"y": ' + "[" * 100_000 + "]" * 100_000 + "}}}"
    (config / "settings.json").write_text(nested, encoding="utf-8")
    store = SettingsStore()
    context = make_ui_context(settings_store=store)  # used to die here with RecursionError
    parent = QWidget()
    qtbot.addWidget(parent)

    box = settings_load_problem_box(parent, store)
    assert box is not None and box.isVisible()
    assert box.text() == "Your settings file is damaged, so the app starts with default settings."
    assert store.backup_path is not None and store.backup_path.read_text() == nested
    assert f"kept as “{store.backup_path}”" in box.informativeText()
    box.close()

    context.set_language("zh_TW")
    chinese = settings_load_problem_box(parent, store)
    assert chinese is not None
    assert chinese.text() == "您的設定檔已損壞，因此程式改用預設設定啟動。"
    assert str(store.backup_path) in chinese.informativeText()
    assert chinese.windowTitle() == "無法讀取設定"
    chinese.close()
    context.set_language("en")


def test_settings_that_cannot_be_saved_are_shown_kept_and_saved_later(
    qtbot, qasync_loop, make_ui_context, fault_server, ui_home: Path
) -> None:
    panel = open_panel(qtbot, make_ui_context)
    settings_path = panel.context.settings_store.path
    settings_path.mkdir(parents=True)  # something put a folder where the file goes

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)
        await until(lambda: panel.save_problem.isVisible())

    run(qasync_loop, scenario)
    banner = panel.save_problem.text()
    assert banner.startswith(
        f"Your settings could not be saved to “{settings_path}” (a folder is in the way)."
    )
    assert "Your changes stay in effect" in banner
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("zh_TW"))
    assert panel.save_problem.text().startswith(
        f"無法將設定儲存到「{settings_path}」（有個資料夾擋在那裡）。"
    )

    settings_path.rmdir()
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("en"))  # saves again
    assert not panel.save_problem.isVisible()
    saved = json.loads(settings_path.read_text(encoding="utf-8"))
    assert [p["display_name"] for p in saved["providers"]] == ["Office server"]
    assert saved["language"] == "en"


def test_closed_openai_fine_tuning_offers_another_provider(
    qtbot, qasync_loop, make_ui_context, fault_server
) -> None:
    fault_server.on("GET", "/v1/models", reply(403, {"error": {
        "message": "Fine-tuning is no longer available for new organizations.",
        "type": "invalid_request_error", "param": None, "code": None}}))
    panel = open_panel(qtbot, make_ui_context, engine_factory=lambda: None)

    async def scenario() -> None:
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 2)
        await click(qtbot, panel.make_active_button)
        active = panel.context.active_profile()
        assert active is not None and active.display_name == "Office server"
        await click(qtbot, panel.test_button)
        await until(lambda: panel.switch_provider_button.isVisible())

    run(qasync_loop, scenario)
    assert "OpenAI no longer lets this organisation start fine-tuning jobs" in (
        panel.result_label.text()
    )
    assert "6 January 2027" in panel.result_label.text()
    assert "Together AI" in panel.result_label.text()  # where the same examples can go

    async def switch() -> None:
        await click(qtbot, panel.switch_provider_button)

    run(qasync_loop, switch)
    active = panel.context.active_profile()
    assert active is not None and active.kind is ProviderKind.LOCAL_ENGINE
    assert panel.form.kind() is ProviderKind.LOCAL_ENGINE


def test_a_slow_test_shows_it_is_busy_and_can_be_cancelled(
    qtbot, qasync_loop, make_ui_context, fault_server
) -> None:
    fault_server.on("GET", "/v1/models", hang())
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        await click(qtbot, panel.test_button)
        await until(lambda: panel.busy.isVisible())
        assert panel.cancel_test_button.isVisible()
        assert not panel.test_button.isEnabled()
        # The window still answers while the request hangs.
        type_into(qtbot, panel.form.name_edit, "Still typing")
        await click(qtbot, panel.cancel_test_button)
        await until(lambda: not panel.busy.isVisible())

    run(qasync_loop, scenario)
    assert panel.result_label.text() == "Test cancelled."
    assert panel.test_button.isEnabled()
    assert panel.form.name_edit.text() == "Still typing"


def test_remove_then_undo_brings_the_provider_and_its_key_back(
    qtbot, qasync_loop, make_ui_context, fault_server, memory_keyring
) -> None:
    panel = open_panel(qtbot, make_ui_context)

    async def scenario() -> None:
        await add_compatible_provider(qtbot, panel, fault_server.base_url, KEY)
        await click(qtbot, panel.save_button)
        await until(lambda: panel.providers_list.count() == 1)

        await click(qtbot, panel.remove_button)
        await until(lambda: panel.undo_bar.isVisible())
        assert panel.providers_list.count() == 0
        assert panel.undo_label.text() == "Removed “Office server” and its key."
        assert KEY not in memory_keyring.store.values()

        await click(qtbot, panel.undo_button)
        await until(lambda: panel.providers_list.count() == 1)

    run(qasync_loop, scenario)
    assert provider_rows(panel)[0].startswith("Office server (in use)")
    assert KEY in memory_keyring.store.values()
    assert not panel.undo_bar.isVisible()


def test_the_language_choice_turns_the_panel_chinese(
    qtbot, qasync_loop, make_ui_context
) -> None:
    panel = open_panel(qtbot, make_ui_context)
    combo = panel.language_combo
    combo.setCurrentIndex(combo.findData("zh_TW"))
    assert panel.test_button.text() == "測試連線"
    assert panel.heading.text() == "服務商與金鑰"
    assert panel.first_run.local_button.text() == "使用這台電腦"
    kinds = [panel.form.kind_combo.itemText(i) for i in range(panel.form.kind_combo.count())]
    assert "這台電腦" in kinds and "遠端引擎" in kinds
    combo.setCurrentIndex(combo.findData("en"))
    assert panel.test_button.text() == "Test connection"


def test_without_a_secure_keyring_the_user_is_told_and_may_opt_in_to_a_file(
    qtbot, qasync_loop, make_ui_context
) -> None:
    store = SettingsStore()
    keys = KeyStore(backend=fail.Keyring(), plaintext_path=store.dirs.plaintext_keys_file)
    panel = open_panel(qtbot, make_ui_context, settings_store=store, key_store=keys)
    status = panel.key_status

    async def scenario() -> None:
        await until(lambda: keys.backend_status is KeyBackendStatus.MEMORY_ONLY)
        assert "No secure keyring was found" in status.label.text()
        assert "paste them again next time" in status.label.text()
        await click(qtbot, status.file_button)
        warning = status.warning_box
        assert warning is not None and warning.isVisible()
        assert "not encrypted" in warning.text()
        keep = next(
            b for b in warning.findChildren(QPushButton) if b.text() == "Keep keys in a file"
        )
        await click(qtbot, keep)
        await until(lambda: keys.backend_status is KeyBackendStatus.PLAINTEXT_OPT_IN)

    run(qasync_loop, scenario)
    assert "not encrypted" in status.label.text()
    assert str(store.dirs.plaintext_keys_file) in status.label.text()
    assert json.loads(store.path.read_text(encoding="utf-8"))["plaintext_key_opt_in"] is True


def test_cancelling_the_plaintext_warning_changes_nothing(
    qtbot, qasync_loop, make_ui_context
) -> None:
    store = SettingsStore()
    keys = KeyStore(backend=fail.Keyring(), plaintext_path=store.dirs.plaintext_keys_file)
    panel = open_panel(qtbot, make_ui_context, settings_store=store, key_store=keys)

    async def scenario() -> None:
        await until(lambda: keys.backend_status is KeyBackendStatus.MEMORY_ONLY)
        await click(qtbot, panel.key_status.file_button)
        warning = panel.key_status.warning_box
        assert warning is not None
        await click(qtbot, warning.button(QMessageBox.StandardButton.Cancel))
        await until(lambda: panel.key_status.warning_box is None)

    run(qasync_loop, scenario)
    assert keys.backend_status is KeyBackendStatus.MEMORY_ONLY
    assert not store.dirs.plaintext_keys_file.exists()


def test_an_engine_that_cannot_start_is_explained(qtbot, qasync_loop, make_ui_context) -> None:
    from fine_tune_studio.services.local_engine import LocalEngine

    def broken_engine() -> LocalEngine:
        # A real launcher pointed at a Python that does not exist, as after a bad install.
        return LocalEngine(python="/nonexistent/python-for-this-test", startup_timeout=5)

    panel = open_panel(qtbot, make_ui_context, engine_factory=broken_engine)

    async def scenario() -> None:
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)
        await click(qtbot, panel.test_button)
        await until(lambda: panel.connection_test is not None and panel.connection_test.done())

    run(qasync_loop, scenario)
    lines = panel.result_label.text().splitlines()
    assert lines[0] == "This computer's engine did not start"
    assert "engine add-on is installed" in panel.result_label.text()
    assert panel.context.engine is None  # the next try starts afresh


def test_there_is_only_ever_one_this_computer(qtbot, qasync_loop, make_ui_context) -> None:
    panel = open_panel(qtbot, make_ui_context, engine_factory=lambda: None)

    async def scenario() -> None:
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)
        await click(qtbot, panel.add_button)
        choose_kind(qtbot, panel, ProviderKind.LOCAL_ENGINE)
        type_into(qtbot, panel.form.name_edit, "My laptop")
        await click(qtbot, panel.save_button)
        await until(lambda: "My laptop" in provider_rows(panel)[0])

    run(qasync_loop, scenario)
    assert provider_rows(panel) == ["My laptop (in use)\nThis computer"]
    assert [p.id for p in panel.context.profiles()] == ["local-engine"]


def test_a_change_elsewhere_does_not_wipe_a_provider_being_typed(
    qtbot, qasync_loop, make_ui_context
) -> None:
    panel = open_panel(qtbot, make_ui_context, engine_factory=lambda: None)

    async def scenario() -> None:
        await click(qtbot, panel.first_run.local_button)
        await until(lambda: panel.providers_list.count() == 1)
        await click(qtbot, panel.add_button)
        type_into(qtbot, panel.form.name_edit, "Half-typed provider")
        # Another panel (or a second window) changes the providers meanwhile.
        panel.context.set_active_profile(None)
        panel.context.set_active_profile("local-engine")

    run(qasync_loop, scenario)
    assert panel.form.editing is None
    assert panel.form.name_edit.text() == "Half-typed provider"


@pytest.mark.slow
def test_the_real_app_starts_over_a_deeply_nested_settings_file(tmp_path: Path) -> None:
    """This file used to end every start with a RecursionError (exit 1)."""
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    nested = '{"panels": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (home / "config" / "settings.json").write_text(nested, encoding="utf-8")
    env = {
        **os.environ,
        "FINE_TUNE_STUDIO_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "OMP_NUM_THREADS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "fine_tune_studio.cli"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    log_file = home / "log" / "fine-tune-studio.log"
    try:
        deadline = time.monotonic() + 120  # a safety net against a hung test only
        while "main window shown" not in (log_file.read_text() if log_file.exists() else ""):
            assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
            assert time.monotonic() < deadline, "the app did not show its window"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, output.decode(errors="replace")
    [kept] = (home / "config").glob("settings.json.broken-*")
    assert kept.read_text(encoding="utf-8") == nested
    assert "nested too deeply" in log_file.read_text()
    assert json.loads((home / "config" / "settings.json").read_text(encoding="utf-8"))
