"""`AppContext`: what every panel shares — settings, keys, providers, the local engine and
the open dataset — as one QObject with signals, so panels never import each other.

Panels receive it as their first constructor argument. See docs/ui.md for the contract.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from fine_tune_studio.core.document import DatasetDocument
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile, local_engine_profile
from fine_tune_studio.core.settings import AppSettings
from fine_tune_studio.paths import engine_data_dir, models_dir
from fine_tune_studio.services.client import ModelInfo, ProviderClient
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.keys import KeyBackendStatus, KeyStore
from fine_tune_studio.services.providers import (
    LocalEndpoint,
    ProviderRegistry,
    engine_endpoint,
    make_client,
)
from fine_tune_studio.services.settings_store import SettingsSaveError, SettingsStore
from fine_tune_studio.ui.async_tools import TaskTracker
from fine_tune_studio.ui.i18n import LanguageSwitcher, normalize_language, system_language

log = logging.getLogger(__name__)


class EngineLike(Protocol):
    """What the shell needs of `services.local_engine.LocalEngine`.

    A `LocalEngine` also says whether it still runs (`running`) and where its folders are
    (`data_dir`, `models_folder`); an engine started elsewhere (the tests' stand-ins for an
    engine the session runs) may not, so those are read with `getattr` and a default.
    """

    base_url: str | None
    token: str | None

    async def start(self) -> Any: ...

    async def stop(self) -> Any: ...


EngineFactory = Callable[[], EngineLike]
# ServiceError.operation of failures to start "This computer" (ui.errors words them).
START_ENGINE = "start_local_engine"


def engine_extra_installed() -> bool:
    """Whether the optional engine dependencies (`pip install fine-tune-studio[engine]`) exist."""
    return all(importlib.util.find_spec(name) is not None for name in ("fastapi", "torch"))


def default_engine_factory(store: SettingsStore) -> EngineFactory | None:
    """A maker of `LocalEngine`s keeping their data in the app's data folder, or None when
    the engine cannot run (then "This computer" offers to set it up).

    The engine runs with the app's own Python when the engine extra is installed beside
    it, else with the environment "Set up training on this computer…" made
    (services/engine_setup.py)."""
    try:
        from fine_tune_studio.services.engine_setup import EngineEnvironment
        from fine_tune_studio.services.local_engine import LocalEngine
    except ImportError:
        log.exception("services.local_engine cannot be imported")
        return None
    python: str | None = None
    if not engine_extra_installed():
        environment = EngineEnvironment.under(store.dirs.data)
        if not environment.is_ready():
            log.info("the engine is not installed: 'This computer' offers to set it up")
            return None
        python = str(environment.python)
    # The folders `engine serve` and `fine-tune-studio models` use too (paths.py).
    data_dir = engine_data_dir(store.dirs.data)
    models = models_dir(store.dirs.data)

    def make() -> EngineLike:
        data_dir.mkdir(parents=True, exist_ok=True)
        return LocalEngine(  # type: ignore[return-value]
            data_dir=data_dir, models_dir=models, python=python
        )

    return make


@dataclass(frozen=True)
class RemovedProfile:
    """Enough to undo a removal: the profile, its key, where it stood, whether it was active."""

    profile: ProviderProfile
    key: str | None
    index: int
    was_active: bool

    def __repr__(self) -> str:  # the key must never reach a log through a repr
        return f"RemovedProfile(profile={self.profile.id!r}, has_key={self.key is not None})"


class AppContext(QObject):
    # The editor's open dataset changed (the new object, or None when closed).
    dataset_changed = Signal(object)
    # Someone (the playground) asks the editor to append this training example.
    add_example_requested = Signal(dict)
    providers_changed = Signal()
    active_provider_changed = Signal(str)  # the new active profile id ("" for none)
    key_backend_changed = Signal()
    language_changed = Signal(str)  # the effective language ("en" or "zh_TW")
    engine_state_changed = Signal(str)  # "starting", "running", "stopped", "failed"
    engine_availability_changed = Signal(bool)  # "This computer" can (now) be started
    status_message = Signal(str)  # a short note for the main window's status bar
    # A settings save failed (the SettingsSaveError), or worked again after failing (None).
    settings_save_problem = Signal(object)
    show_panel_requested = Signal(str)  # a panel key from ui.panels, e.g. "settings"
    fine_tune_requested = Signal()  # the editor's "Fine-tune…": open the launch wizard
    # Someone (the upload's privacy check) asks the editor to show an example: the file
    # ("" for the one open now), the 0-based line, the field inside it.
    show_example_requested = Signal(str, int, str)
    # "Open in playground": a services.jobs.ModelPair to compare side by side.
    compare_models_requested = Signal(object)
    # A base model was added to or removed from this computer (its name).
    local_models_changed = Signal(str)

    def __init__(
        self,
        settings_store: SettingsStore,
        *,
        settings: AppSettings | None = None,
        key_store: KeyStore | None = None,
        engine_factory: EngineFactory | None = None,
        language_switcher: LanguageSwitcher | None = None,
        language_override: str | None = None,
        client_options: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings_store = settings_store
        self.settings = settings if settings is not None else settings_store.load()
        self.settings_save_error: SettingsSaveError | None = None  # while saves fail
        self.key_store = key_store or KeyStore(
            plaintext_path=settings_store.dirs.plaintext_keys_file,
            plaintext_opt_in=self.settings.plaintext_key_opt_in,
        )
        self._client_options = dict(client_options or {})
        self.registry = ProviderRegistry(
            self.settings,
            self.key_store,
            # The registry edits self.settings in place; saving reports its own failures.
            save=lambda _settings: self.save_settings(),
            local_endpoint=self._local_endpoint,
            client_options=self._client_options,
        )
        self.registry.add_listener(self._registry_changed)
        self._engine_factory = engine_factory
        self.engine: EngineLike | None = None
        self._engine_lock = asyncio.Lock()
        self.language_switcher = language_switcher
        # `--lang` for this run only: it is not written to the settings file.
        self._language_override = normalize_language(language_override)
        self.tasks = TaskTracker()
        self._dataset: DatasetDocument | None = None
        self._last_active = self.settings.active_provider_id

    # -- settings -----------------------------------------------------------------------

    def save_settings(self) -> None:
        """Write the settings; a failure is reported (`settings_save_problem`), not raised:
        the change stays in effect in memory and the next save that works writes it."""
        try:
            self.settings_store.save(self.settings)
        except SettingsSaveError as error:
            log.warning("%s", error)
            self.settings_save_error = error
            self.settings_save_problem.emit(error)
            return
        if self.settings_save_error is not None:
            self.settings_save_error = None
            self.settings_save_problem.emit(None)

    @property
    def language_setting(self) -> str:
        """What the user chose: "system", "en" or "zh_TW"."""
        return self.settings.language

    @property
    def effective_language(self) -> str:
        if self._language_override:
            return self._language_override
        if self.settings.language == "system":
            return system_language()
        return normalize_language(self.settings.language) or "en"

    def set_language(self, lang: str) -> None:
        """Switch the interface language now and remember it ("system", "en", "zh_TW")."""
        if lang not in ("system", "en", "zh_TW"):
            raise ValueError(f"unsupported language {lang!r}")
        self._language_override = None
        self.settings.language = lang  # type: ignore[assignment]
        self.save_settings()
        if self.language_switcher is not None:
            self.language_switcher.apply(self.effective_language)
        self.language_changed.emit(self.effective_language)

    # -- the open dataset ---------------------------------------------------------------

    @property
    def dataset(self) -> DatasetDocument | None:
        """The editor's open dataset document (None when nothing is open)."""
        return self._dataset

    def set_dataset(self, dataset: DatasetDocument | None) -> None:
        if dataset is not self._dataset:
            self._dataset = dataset
            self.dataset_changed.emit(dataset)

    # -- providers ----------------------------------------------------------------------

    def profiles(self) -> list[ProviderProfile]:
        return self.registry.profiles

    def profile(self, profile_id: str) -> ProviderProfile | None:
        return self.settings.profile(profile_id)

    def active_profile(self) -> ProviderProfile | None:
        return self.registry.active

    @property
    def active_profile_id(self) -> str | None:
        return self.settings.active_provider_id

    def set_active_profile(self, profile_id: str | None) -> None:
        self.registry.set_active(profile_id)

    async def client(self, profile_id: str | None = None) -> ProviderClient:
        """The client for a profile (default: the active one); starts the engine if needed."""
        chosen = profile_id or self.active_profile_id
        profile = self.profile(chosen) if chosen else None
        engine = self.engine
        if (
            profile is not None
            and profile.kind is ProviderKind.LOCAL_ENGINE
            and engine is not None
            and getattr(engine, "running", True) is False  # optional: see EngineLike
        ):
            self.registry.invalidate(profile.id)  # the next line restarts the engine
        return await self.registry.client(profile_id)

    async def has_key(self, profile_id: str) -> bool:
        return await self.key_store.has_key(profile_id)

    async def save_profile(
        self, profile: ProviderProfile, key: str | None = None
    ) -> ProviderProfile:
        """Add or replace `profile`; store `key` first so a profile never waits for it.

        There is one "This computer": a new local-engine profile replaces the existing one
        (keeping its id, which jobs and the registry refer to). Returns what was saved.
        """
        if profile.kind is ProviderKind.LOCAL_ENGINE and self.settings.profile(profile.id) is None:
            existing = next(
                (p for p in self.profiles() if p.kind is ProviderKind.LOCAL_ENGINE), None
            )
            base = existing or local_engine_profile(profile.display_name)
            profile = base.model_copy(
                update={
                    "display_name": profile.display_name,
                    "default_models": profile.default_models,
                }
            )
        if key:
            await self.key_store.set(profile.id, key)
        if self.settings.profile(profile.id) is None:
            self.registry.add(profile)
        else:
            self.registry.update(profile)
        return profile

    async def add_local_engine_profile(self) -> ProviderProfile:
        existing = next(
            (p for p in self.profiles() if p.kind is ProviderKind.LOCAL_ENGINE), None
        )
        if existing is None:
            name = ProviderKind.LOCAL_ENGINE.label.get(self.effective_language)
            existing = self.registry.add(local_engine_profile(name), make_active=True)
        else:
            self.registry.set_active(existing.id)
        return existing

    async def remove_profile(self, profile_id: str) -> RemovedProfile | None:
        profile = self.settings.profile(profile_id)
        if profile is None:
            return None
        ids = [p.id for p in self.settings.providers]
        key = await self.key_store.get(profile_id) if profile.needs_key else None
        removed = RemovedProfile(
            profile=profile,
            key=key,
            index=ids.index(profile_id),
            was_active=self.settings.active_provider_id == profile_id,
        )
        await self.registry.remove(profile_id)
        return removed

    async def restore_profile(self, removed: RemovedProfile) -> None:
        if removed.key:
            await self.key_store.set(removed.profile.id, removed.key)
        self.registry.add(removed.profile, make_active=removed.was_active)
        providers = [p for p in self.settings.providers if p.id != removed.profile.id]
        providers.insert(min(removed.index, len(providers)), removed.profile)
        self.settings.providers = providers
        self.save_settings()
        self.providers_changed.emit()

    async def list_models(
        self, profile: ProviderProfile, key: str | None = None
    ) -> list[ModelInfo]:
        """Test a profile as the form shows it (saved or not) by listing its models.

        Uses a throw-away client so an unsaved edit never replaces the cached one.
        Raises ServiceError with a kind the UI explains.
        """
        base_url: str | None = None
        if profile.kind is ProviderKind.LOCAL_ENGINE:
            endpoint = await self._local_endpoint()
            base_url, key = endpoint.base_url, endpoint.token
        elif not key and self.settings.profile(profile.id) is not None:
            key = await self.key_store.get(profile.id)
        client = make_client(profile, api_key=key, base_url=base_url, **self._client_options)
        try:
            return await client.test_connection()
        finally:
            await client.aclose()

    # -- the wizard's last choices ------------------------------------------------------

    def last_base_model(self, provider_id: str) -> str | None:
        """The base model last chosen in the wizard for this provider (kept in settings)."""
        chosen = self.settings.panels.get("jobs", {}).get("base_models", {})
        model = chosen.get(provider_id) if isinstance(chosen, dict) else None
        return model if isinstance(model, str) and model else None

    def remember_base_model(self, provider_id: str, model: str) -> None:
        jobs = self.settings.panels.setdefault("jobs", {})
        chosen = jobs.get("base_models")
        if not isinstance(chosen, dict):
            chosen = jobs["base_models"] = {}
        if chosen.get(provider_id) == model:
            return
        chosen[provider_id] = model
        self.save_settings()

    def _registry_changed(self, _profile_id: str | None) -> None:
        self.providers_changed.emit()
        active = self.settings.active_provider_id
        if active != self._last_active:
            self._last_active = active
            self.active_provider_changed.emit(active or "")

    # -- keys ---------------------------------------------------------------------------

    @property
    def key_backend_status(self) -> KeyBackendStatus:
        return self.key_store.backend_status

    def plaintext_keys_path(self) -> Any:
        return self.key_store.plaintext_path

    async def probe_keys(self) -> KeyBackendStatus:
        status = await self.key_store.probe()
        self.key_backend_changed.emit()
        return status

    async def set_plaintext_opt_in(self, enabled: bool) -> KeyBackendStatus:
        self.settings.plaintext_key_opt_in = enabled
        self.save_settings()
        status = await self.key_store.set_plaintext_opt_in(enabled)
        self.key_backend_changed.emit()
        return status

    # -- the local engine ---------------------------------------------------------------

    @property
    def engine_available(self) -> bool:
        return self._engine_factory is not None

    def set_engine_factory(self, factory: EngineFactory | None) -> None:
        """A new way to start "This computer" (its set-up has just finished)."""
        self._engine_factory = factory
        self.engine_availability_changed.emit(factory is not None)

    def engine_models_folder(self) -> Path | None:
        """Where "This computer" looks for base models (known once its engine started)."""
        folder = getattr(self.engine, "models_folder", None)  # optional: see EngineLike
        return folder if isinstance(folder, Path) else None

    @property
    def models_dir(self) -> Path:
        """Where base models live: the running engine's folder, else the app's (paths.py)."""
        return self.engine_models_folder() or models_dir(self.settings_store.dirs.data)

    async def _local_endpoint(self) -> LocalEndpoint:
        """Start "This computer" on first use; later calls reuse the running engine."""
        async with self._engine_lock:
            # `running` is optional (EngineLike): an engine that does not say is running.
            if self.engine is not None and getattr(self.engine, "running", True) is False:
                # It died since (crash, killed): start a fresh one on a new port and token,
                # and drop clients still pointing at the old one.
                log.warning("the local engine is no longer running; starting it again")
                self.engine = None
                for profile in self.profiles():
                    if profile.kind is ProviderKind.LOCAL_ENGINE:
                        self.registry.invalidate(profile.id)
            if self.engine is None:
                if self._engine_factory is None:
                    raise ServiceError(
                        ErrorKind.UNKNOWN,
                        "The engine add-on is not installed.",
                        operation=START_ENGINE,
                    )
                engine = self._engine_factory()
                self.engine_state_changed.emit("starting")
                try:
                    await engine.start()
                except asyncio.CancelledError:
                    self.engine_state_changed.emit("failed")
                    with contextlib.suppress(Exception):
                        await engine.stop()
                    raise
                except Exception as error:
                    self.engine_state_changed.emit("failed")
                    log.exception("the local engine did not start")
                    raise ServiceError(
                        ErrorKind.UNKNOWN,
                        "This computer's engine could not be started.",
                        detail=f"{type(error).__name__}: {error}"[-2000:],
                        operation=START_ENGINE,
                    ) from None
                self.engine = engine
                self.engine_state_changed.emit("running")
            if not self.engine.base_url or not self.engine.token:
                raise RuntimeError("the engine started but reported no address")
            return engine_endpoint(self.engine.base_url, self.engine.token)

    # -- shutdown -----------------------------------------------------------------------

    async def shutdown(self) -> None:
        """Cancel background work, close provider connections, stop the engine."""
        await self.tasks.cancel_all()
        try:
            await self.registry.aclose()
        except Exception:
            log.exception("closing provider clients failed")
        engine, self.engine = self.engine, None
        if engine is not None:
            try:
                await asyncio.wait_for(engine.stop(), timeout=15)
            except Exception:
                log.exception("stopping the local engine failed")
            self.engine_state_changed.emit("stopped")
