"""The Get-a-model dialog and the models box, driven like a user would, downloading from the
Hub stand-in with the real huggingface_hub in a real download process. Screenshots of
every state land in /tmp/shots/models (en and zh_TW, at 1024×700 and larger)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from fine_tune_studio.core.model_catalogue import shipped_catalogue
from fine_tune_studio.services.local_models import LocalModels
from fine_tune_studio.services.model_download import HF_TOKEN_KEY
from fine_tune_studio.ui.models.get_model_dialog import GetModelDialog
from fine_tune_studio.ui.models.local_models_box import LocalModelsBox
from tests.support.hub_stand_in import HubStandIn
from tests.support.qt_fixtures import until

SHOTS = Path("/tmp/shots/models")
LEFT = Qt.MouseButton.LeftButton
DEFAULT = shipped_catalogue().default_model
SIZES = {"small": (1024, 700), "large": (1600, 1000)}


def shoot(widget: QWidget, name: str, size: str = "small") -> None:
    """Save what the user sees; on a 1024×700 screen a window gets a little less."""
    width, height = SIZES[size]
    widget.resize(width - 40, height - 60) if size == "small" else widget.resize(width, height)
    SHOTS.mkdir(parents=True, exist_ok=True)
    # Lay out what changed (new texts, another language) before the picture: only layout
    # events, so no asyncio step runs outside the loop.
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    widget.grab().save(str(SHOTS / f"{name}-{size}.png"))


async def click(qtbot: Any, widget: QWidget) -> None:
    await until(lambda: widget.isVisible() and widget.isEnabled() and not widget.rect().isEmpty())
    qtbot.mouseClick(widget, LEFT)


def run(loop: asyncio.AbstractEventLoop, scenario: Any) -> None:
    loop.run_until_complete(asyncio.wait_for(scenario(), 180))


@pytest.fixture
def context(make_ui_context: Any) -> Any:
    return make_ui_context()


@pytest.fixture
def dialog(qtbot: Any, context: Any, qasync_loop: asyncio.AbstractEventLoop) -> GetModelDialog:
    dialog = GetModelDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_catalogue_downloads_with_a_moving_progress_bar_then_says_downloaded(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, hub_stand_in: HubStandIn,
    tiny_model_dir: Path, context: Any, dialog: GetModelDialog,
) -> None:
    # The stand-in serves the tiny model as the catalogue's default, at its pinned commit.
    hub_stand_in.add_model_folder(DEFAULT.repo_id, tiny_model_dir, commit=DEFAULT.revision)
    weights = (tiny_model_dir / "model.safetensors").stat().st_size
    hub_stand_in.hold_after["model.safetensors"] = weights // 2
    ready: list[str] = []
    dialog.model_ready.connect(ready.append)
    card = dialog.card_for(DEFAULT.repo_id)
    assert card is not None
    seen_values: list[int] = []

    async def scenario() -> None:
        await until(lambda: dialog._snapshot is not None)
        assert [c.model.repo_id for c in dialog.cards if c.recommended_badge.isVisibleTo(c)] \
            == [DEFAULT.repo_id]  # this machine has the memory for the default
        assert sum(c.gated_badge.isVisibleTo(c) for c in dialog.cards) == 2
        assert "of memory" in dialog.intro.text() and "free disk space" in dialog.intro.text()
        assert "of memory" in card.fit.text() and "graphics card" in card.fit.text()
        shoot(dialog, "catalogue-en")
        shoot(dialog, "catalogue-en", "large")
        await click(qtbot, card.download_button)
        bar = dialog.progress_bar
        # Held half-way through the weights: the bar has moved, not finished, and says bytes.
        await until(lambda: hub_stand_in.held.is_set())
        await until(lambda: bar.maximum() // 4 < bar.value() < bar.maximum())
        seen_values.append(bar.value())
        assert " of " in bar.text() and ("kB" in bar.text() or "MB" in bar.text())
        assert dialog.stop_button.isVisible()
        assert not card.download_button.isEnabled()  # one download at a time
        shoot(dialog, "progress-en")
        hub_stand_in.release()
        await until(lambda: bool(ready))
        seen_values.append(bar.value())
        await until(lambda: card.installed_badge.isVisibleTo(card))

    run(qasync_loop, scenario)
    assert seen_values[0] < seen_values[-1] == dialog.progress_bar.maximum()
    assert ready == [DEFAULT.name]
    assert "ready to fine-tune" in dialog.progress_title.text()
    assert card.download_button.text() == "Downloaded" and not card.download_button.isEnabled()
    assert [m.name for m in LocalModels(context.models_dir).list()] == [DEFAULT.name]
    shoot(dialog, "downloaded-en")
    context.set_language("zh_TW")
    assert card.download_button.text() == "已下載"
    assert "可以開始微調" in dialog.progress_title.text()
    shoot(dialog, "downloaded-zh_TW")
    shoot(dialog, "downloaded-zh_TW", "large")
    context.set_language("en")


def test_every_failure_is_said_in_words_and_stop_keeps_what_arrived(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, hub_stand_in: HubStandIn,
    tiny_model_dir: Path, context: Any, dialog: GetModelDialog,
) -> None:
    hub_stand_in.add_model_folder("corp/gated-chat", tiny_model_dir, gated=True)
    hub_stand_in.known_tokens.add("hf_reader")
    hub_stand_in.tokens_with_access.add("hf_reader")
    hub_stand_in.add_model_folder("tiny/huge", tiny_model_dir,
                                  declared_sizes={"model.safetensors": 10**18})
    hub_stand_in.add_model_folder("tiny/slow", tiny_model_dir)
    weights = (tiny_model_dir / "model.safetensors").stat().st_size

    async def other(repo: str) -> None:
        dialog.repo_edit.setText(repo)
        await click(qtbot, dialog.other_button)

    async def finished() -> None:
        await until(lambda: dialog.download_task is not None and dialog.download_task.done())

    async def scenario() -> None:
        await until(lambda: dialog._snapshot is not None)
        # A typo is caught before anything is asked.
        await other("Qwen2.5 0.5B Instruct")
        assert dialog.other_problem.isVisible()
        assert "Qwen/Qwen2.5-0.5B-Instruct" in dialog.other_problem.text()
        shoot(dialog, "bad-id-en")

        await other("corp/gated-chat")
        await finished()
        assert "gated" in dialog.problem_label.text()
        assert "accept the licence" in dialog.problem_label.text()
        assert dialog.open_page_button.isVisible()
        shoot(dialog, "gated-en")
        context.set_language("zh_TW")
        assert "授權條款" in dialog.problem_label.text()
        shoot(dialog, "gated-zh_TW")
        context.set_language("en")

        dialog.token_field.setText("hf_reader")
        await click(qtbot, dialog.save_token_button)
        await until(lambda: "A token is saved" in dialog.token_status.text())
        assert await context.key_store.get(HF_TOKEN_KEY) == "hf_reader"
        assert dialog.token_field.text() == ""  # never shown again
        await other("corp/gated-chat")
        await finished()
        assert "ready to fine-tune" in dialog.progress_title.text()
        assert hub_stand_in.resolved()[-1].authorization == "Bearer hf_reader"

        await other("tiny/no-such-model")
        await finished()
        assert "There is no model called tiny/no-such-model" in dialog.problem_label.text()
        shoot(dialog, "not-found-en")

        await other("tiny/huge")
        await finished()
        assert "Not enough free disk space" in dialog.problem_label.text()
        shoot(dialog, "disk-full-en")
        context.set_language("zh_TW")
        assert "磁碟空間不足" in dialog.problem_label.text()
        shoot(dialog, "disk-full-zh_TW")
        context.set_language("en")

        hub_stand_in.hold_after["model.safetensors"] = weights // 2
        await other("tiny/slow")
        await until(lambda: hub_stand_in.held.is_set())
        await click(qtbot, dialog.stop_button)
        await finished()
        assert "stopped" in dialog.progress_title.text()
        await until(lambda: "kB downloaded so far is kept" in dialog.progress_detail.text())
        assert LocalModels(context.models_dir).partial_download_bytes("tiny/slow") > 0
        shoot(dialog, "stopped-en")
        hub_stand_in.release()

        hub_stand_in.stop()  # the network is gone
        await other("tiny/slow")
        await finished()
        assert "Could not reach" in dialog.problem_label.text()
        shoot(dialog, "network-en")
        context.set_language("zh_TW")
        shoot(dialog, "network-zh_TW")
        context.set_language("en")

    run(qasync_loop, scenario)
    assert [m.name for m in LocalModels(context.models_dir).list()] == ["gated-chat"]


def test_the_models_box_adds_a_folder_refuses_a_broken_one_and_asks_before_removing(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, tiny_model_dir: Path, context: Any,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    box = LocalModelsBox(context)
    qtbot.addWidget(box)
    box.resize(760, 420)
    box.show()
    broken = tmp_path / "half-copied"
    shutil.copytree(tiny_model_dir, broken)
    data = (broken / "model.safetensors").read_bytes()
    (broken / "model.safetensors").write_bytes(data[: len(data) // 3])

    async def scenario() -> None:
        await until(lambda: box.empty_label.isVisible())
        assert box.get_button.isDefault()
        shoot(box, "empty-box-en")
        # The folder dialog is the system's; its answer arrives as fileSelected.
        chooser = box.choose_folder()
        assert chooser.isVisible()  # opened with open(): the app keeps running
        chooser.fileSelected.emit(str(broken))
        chooser.close()
        await until(lambda: box.work_task is not None and box.work_task.done())
        assert "model.safetensors: The file is cut short" in box.message.text()
        assert box.models == []
        shoot(box, "broken-folder-en")

        assert box.add_folder(tiny_model_dir) is not None
        await until(lambda: box.work_task is not None and box.work_task.done())
        await until(lambda: len(box.models) == 1)
        assert box.tree.topLevelItem(0).text(0) == "tiny-llama"
        assert "Copied from" in box.tree.topLevelItem(0).text(2)
        box.select("tiny-llama")
        box.show_in_folder()
        assert opened[-1].toLocalFile() == str(context.models_dir / "tiny-llama")
        shoot(box, "one-model-en")

        await click(qtbot, box.remove_button)
        await until(lambda: box.confirm_box is not None and box.confirm_box.isVisible())
        confirm = box.confirm_box
        assert "Remove “tiny-llama” from this computer?" in confirm.text()
        assert "are deleted from" in confirm.informativeText()
        shoot(confirm, "confirm-remove-en")
        confirm.reject()  # Cancel
        await until(lambda: box.work_task.done())
        assert [m.name for m in box.models] == ["tiny-llama"]

        await click(qtbot, box.remove_button)
        await until(lambda: box.confirm_box is not None and box.confirm_box.isVisible())
        remove = next(b for b in box.confirm_box.buttons() if b.text() == "Remove")
        qtbot.mouseClick(remove, LEFT)
        await until(lambda: box.work_task.done())
        await until(lambda: box.empty_label.isVisible())

    run(qasync_loop, scenario)
    assert LocalModels(context.models_dir).list() == []
    context.set_language("zh_TW")
    assert box.title() == "這台電腦上的模型"
    shoot(box, "empty-box-zh_TW")
    context.set_language("en")


def test_this_computer_in_the_settings_shows_its_models_and_the_way_to_get_one(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, make_ui_context: Any,
    tiny_model_dir: Path,
) -> None:
    from fine_tune_studio.core.providers import local_engine_profile
    from fine_tune_studio.core.settings import AppSettings
    from fine_tune_studio.ui.settings import SettingsPanel

    profile = local_engine_profile("This computer")
    context = make_ui_context(
        settings=AppSettings(providers=[profile], active_provider_id=profile.id))
    panel = SettingsPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    box = panel.local_models_box

    async def scenario() -> None:
        await until(lambda: box.isVisible() and box.empty_label.isVisible())
        shoot(panel, "settings-empty-en")
        await click(qtbot, box.get_button)
        dialog = next(w for w in panel.window().findChildren(GetModelDialog))
        await until(dialog.isVisible)
        dialog.reject()
        box.add_folder(tiny_model_dir)
        await until(lambda: box.tree.isVisible() and box.tree.topLevelItemCount() == 1)
        shoot(panel, "settings-one-model-en")
        shoot(panel, "settings-one-model-en", "large")

    run(qasync_loop, scenario)
    context.set_language("zh_TW")
    assert box.get_button.text() == "取得模型…"
    shoot(panel, "settings-one-model-zh_TW")
    shoot(panel, "settings-one-model-zh_TW", "large")
    context.set_language("en")


class _EngineAt:
    """An engine that is already running at `base_url` (here the fault server, which
    speaks the engine's OpenAI job shapes over real HTTP)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.token = "sk-test-engine-token-0123456789"
        self.running = True

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None


def test_remove_is_refused_while_a_training_job_uses_the_model(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, make_ui_context: Any,
    fault_server: Any, tiny_model_dir: Path,
) -> None:
    from fine_tune_studio.core.providers import local_engine_profile
    from fine_tune_studio.core.settings import AppSettings

    fault_server.jobs.insert(0, {
        "id": "ftjob-busy", "object": "fine_tuning.job", "created_at": 1, "model": "tiny-llama",
        "training_file": "file-x", "validation_file": None, "status": "running",
        "fine_tuned_model": None, "finished_at": None, "hyperparameters": {"n_epochs": 3},
        "organization_id": "org-test", "result_files": [], "seed": 1, "trained_tokens": None,
        "error": None, "metadata": None, "suffix": None,
    })
    profile = local_engine_profile("This computer")
    context = make_ui_context(
        settings=AppSettings(providers=[profile], active_provider_id=profile.id),
        engine_factory=lambda: _EngineAt(fault_server.base_url))
    box = LocalModelsBox(context)
    qtbot.addWidget(box)
    box.show()

    async def scenario() -> None:
        box.add_folder(tiny_model_dir)
        await until(lambda: box.tree.topLevelItemCount() == 1 and box.work_task.done())
        box.select("tiny-llama")
        await click(qtbot, box.remove_button)
        await until(lambda: box.work_task.done())

    run(qasync_loop, scenario)
    assert "cannot be removed now: training job ftjob-busy uses it" in box.message.text()
    assert box.confirm_box is None  # not even asked
    assert fault_server.seen("GET", "/v1/fine_tuning/jobs")
    assert [m.name for m in LocalModels(context.models_dir).list()] == ["tiny-llama"]
    shoot(box, "remove-refused-en")


def test_on_a_small_computer_the_cards_say_what_does_not_fit(
    qtbot: Any, qasync_loop: asyncio.AbstractEventLoop, context: Any, dialog: GetModelDialog,
) -> None:
    from fine_tune_studio.core.model_catalogue import GIB
    from fine_tune_studio.services.machine import MachineFacts
    from fine_tune_studio.ui.models.get_model_dialog import _Snapshot

    async def scenario() -> None:
        await until(lambda: dialog._snapshot is not None)

    run(qasync_loop, scenario)
    # The facts of a laptop with 8 GB of memory and 2 GB of free disk space.
    dialog._snapshot = _Snapshot(local=[], partial={"Qwen/Qwen3-0.6B": 600_000_000},
                                 facts=MachineFacts(8 * GIB, 3 * GIB, 2_000_000_000))
    dialog._update_cards()
    default, small_qwen3, big = (dialog.card_for(r) for r in (
        DEFAULT.repo_id, "Qwen/Qwen3-0.6B", "HuggingFaceTB/SmolLM2-1.7B-Instruct"))
    assert default is not None and small_qwen3 is not None and big is not None
    assert default.recommended_badge.isVisibleTo(default)
    assert default.fit.text().startswith("Fits this computer")
    assert small_qwen3.fit.text().startswith("Tight on this computer")
    assert small_qwen3.download_button.text() == "Continue download"
    assert "600 MB already downloaded" in small_qwen3.disk.text()
    assert big.fit.text().startswith("Too big for this computer's memory")
    assert "Not enough free disk space" in big.disk.text()
    shoot(dialog, "small-computer-en")
    dialog.cards_area.ensureWidgetVisible(big)
    shoot(dialog, "small-computer-scrolled-en")
    context.set_language("zh_TW")
    assert big.fit.text().startswith("超出這台電腦的記憶體")
    shoot(dialog, "small-computer-scrolled-zh_TW")
    context.set_language("en")
