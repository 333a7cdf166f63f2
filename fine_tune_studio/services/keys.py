"""API keys, kept in the operating system's keyring (Secret Service, Keychain, Credential Manager).

Every keyring call runs in its own daemon thread under a timeout: a misconfigured D-Bus or a
keyring waiting for an unlock prompt can block for minutes, and neither the GUI thread nor
the event loop may wait on it (a daemon thread also never holds up the app's exit, which a
stuck thread in the default executor would).

Where no secure backend works, keys stay in memory for this session only
(`KeyBackendStatus.MEMORY_ONLY`). A plaintext file is used only after the user explicitly
opts in (`PLAINTEXT_OPT_IN`); it is written with mode 0600 and carries a warning.
Keys never appear in logs, exception texts or reprs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, TypeVar

import keyring
import keyring.errors

from fine_tune_studio.core.atomic_write import PRIVATE_FILE_MODE, atomic_write
from fine_tune_studio.core.key_rules import key_problem
from fine_tune_studio.services.errors import ErrorKind, ServiceError, add_secret_holder

log = logging.getLogger(__name__)

SERVICE_NAME = "FineTuneStudio"
DEFAULT_PROBE_TIMEOUT = 5.0
DEFAULT_CALL_TIMEOUT = 10.0
PLAINTEXT_WARNING = (
    "This file holds API keys in plain text because no secure keyring was available and the "
    "user chose to keep keys between sessions anyway. Anyone who can read this file can use "
    "the keys. Delete it and switch the option off in Settings to stop."
)
_PROBE_USER = "__fine_tune_studio_probe__"

T = TypeVar("T")


class KeyBackend(Protocol):
    """What KeyStore needs of a backend: keyring's KeyringBackend, or a test double."""

    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


class KeyBackendStatus(StrEnum):
    UNKNOWN = "unknown"  # not probed yet
    SECURE = "secure"  # the OS keyring stores keys
    MEMORY_ONLY = "memory_only"  # no secure keyring: keys are forgotten when the app quits
    PLAINTEXT_OPT_IN = "plaintext_opt_in"  # no secure keyring; user chose a 0600 plain file


class KeyStoreError(ServiceError):
    """A keyring operation failed. The message never contains the key.

    A ServiceError (kind `unknown`, operation `keys`) so that code catching ServiceError
    around "get a client, call the provider" explains this failure too.
    """

    def __init__(self, message: str) -> None:
        super().__init__(ErrorKind.UNKNOWN, message, operation="keys")


async def run_in_daemon_thread(fn: Callable[[], T], timeout: float) -> T:
    """Run blocking `fn` in a fresh daemon thread; raise TimeoutError after `timeout` seconds.

    A timed-out thread is abandoned (threads cannot be killed); being a daemon it cannot keep
    the process alive.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def deliver(setter: Callable[[], None]) -> None:
        if not future.done():
            setter()

    def work() -> None:
        outcome: Callable[[], None]
        try:
            result = fn()
        except BaseException as exc:
            error = exc
            outcome = lambda: future.set_exception(error)  # noqa: E731
        else:
            outcome = lambda: future.set_result(result)  # noqa: E731
        # The loop may be gone if the caller gave up and the app quit meanwhile.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(deliver, outcome)

    threading.Thread(target=work, name="keyring-call", daemon=True).start()
    return await asyncio.wait_for(future, timeout)


def _backend_is_secure(backend: KeyBackend) -> tuple[bool, str]:
    """Whether `backend` really stores secrets encrypted by the OS, with a reason if not."""
    from keyring.backends import chainer, fail, null

    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False, "no keyring backend is available on this system"
    if isinstance(backend, chainer.ChainerBackend):
        inner = [b for b in backend.backends if not isinstance(b, fail.Keyring | null.Keyring)]
        if not inner:
            return False, "no keyring backend is available on this system"
        return all(_backend_is_secure(b)[0] for b in inner), name
    if type(backend).__module__.startswith("keyrings.alt"):
        return False, f"{name} keeps keys in a file without OS protection"
    try:
        priority = float(getattr(backend, "priority", 1.0))
    except Exception as exc:  # keyring backends raise here when unusable in this environment
        return False, f"{name} is not usable here ({exc})"
    if priority <= 0:
        return False, f"{name} is not usable here"
    return True, name


class KeyStore:
    """Per-profile API keys: `await get/set/delete(profile_id)` after `await probe()`.

    backend: a keyring backend to use instead of the system default (tests use an
      in-memory one).
    plaintext_path: where the opted-in plaintext file lives (None: no plaintext option).
    plaintext_opt_in: the user's saved choice (`AppSettings.plaintext_key_opt_in`).
    """

    def __init__(
        self,
        *,
        backend: KeyBackend | None = None,
        plaintext_path: Path | None = None,
        plaintext_opt_in: bool = False,
        service: str = SERVICE_NAME,
        call_timeout: float = DEFAULT_CALL_TIMEOUT,
    ) -> None:
        self._backend = backend
        self._plaintext_path = plaintext_path
        self._plaintext_opt_in = plaintext_opt_in
        self._service = service
        self._call_timeout = call_timeout
        self._status = KeyBackendStatus.UNKNOWN
        self._status_detail = "not checked yet"
        self._session: dict[str, str] = {}  # cache (secure) or the only copy (memory_only)
        self._saving: set[str] = set()  # keys on their way into the keyring
        self._lock = asyncio.Lock()
        self._listeners: list[Callable[[str], None]] = []
        self._probe_task: asyncio.Task[KeyBackendStatus] | None = None
        # Error texts and the log are scrubbed of exactly the keys held here now.
        add_secret_holder(self)

    def held_secrets(self) -> tuple[str, ...]:
        """The keys this store holds now (read, set or being saved); for scrubbing texts."""
        # tuple() of a dict view is one step for the interpreter: safe to call from the
        # logging thread while the event loop changes the dict.
        return (*tuple(self._session.values()), *tuple(self._saving))

    def __repr__(self) -> str:
        return f"KeyStore(status={self._status.value!r}, backend={self.backend_name!r})"

    # -- status --------------------------------------------------------------------------

    @property
    def backend_status(self) -> KeyBackendStatus:
        return self._status

    @property
    def status_detail(self) -> str:
        """Why the status is what it is (backend name, or why no secure keyring works)."""
        return self._status_detail

    @property
    def backend_name(self) -> str | None:
        backend = self._backend
        return f"{type(backend).__module__}.{type(backend).__name__}" if backend else None

    @property
    def plaintext_path(self) -> Path | None:
        return self._plaintext_path

    def add_listener(self, callback: Callable[[str], None]) -> None:
        """Call `callback(profile_id)` after a key is set or deleted (to drop a cached client)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[str], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(callback)

    async def probe(self, timeout: float = DEFAULT_PROBE_TIMEOUT) -> KeyBackendStatus:
        """Find out whether a secure keyring works here, without blocking the event loop."""
        backend = self._backend

        def check() -> tuple[KeyBackend, bool, str]:
            chosen = backend or keyring.get_keyring()
            secure, why = _backend_is_secure(chosen)
            if secure:
                # A real round trip: a locked or broken Secret Service fails (or hangs) here.
                chosen.get_password(self._service, _PROBE_USER)
            return chosen, secure, why

        try:
            chosen, secure, why = await run_in_daemon_thread(check, timeout)
        except TimeoutError:
            secure, why = False, f"the system keyring did not answer within {timeout:g} s"
        except Exception as exc:
            secure, why = False, f"the system keyring failed: {type(exc).__name__}: {exc}"
        else:
            self._backend = chosen
        if secure:
            self._status = KeyBackendStatus.SECURE
            self._status_detail = why
        else:
            self._backend = None
            self._set_insecure_status(why)
        log.info("key store: %s (%s)", self._status.value, self._status_detail)
        return self._status

    def _set_insecure_status(self, why: str) -> None:
        if self._plaintext_opt_in and self._plaintext_path is not None:
            self._status = KeyBackendStatus.PLAINTEXT_OPT_IN
            self._status_detail = f"{why}; keys kept in {self._plaintext_path} as you chose"
            self._session.update(self._read_plaintext())
        else:
            self._status = KeyBackendStatus.MEMORY_ONLY
            self._status_detail = f"{why}; keys are kept only until the app quits"

    async def set_plaintext_opt_in(self, enabled: bool) -> KeyBackendStatus:
        """Switch the plaintext-file fallback on or off (matters only without a secure keyring).

        Switching it on writes the session's keys to the 0600 file; switching it off deletes
        the file and keeps the keys in memory for this session.
        """
        self._plaintext_opt_in = enabled
        await self._ensure_probed()
        if self._status is KeyBackendStatus.SECURE:
            return self._status
        async with self._lock:
            if enabled and self._plaintext_path is not None:
                self._write_plaintext(dict(self._session))
                self._status = KeyBackendStatus.PLAINTEXT_OPT_IN
                self._status_detail = f"keys kept in {self._plaintext_path} as you chose"
            else:
                if self._plaintext_path is not None:
                    with contextlib.suppress(FileNotFoundError):
                        self._plaintext_path.unlink()
                self._status = KeyBackendStatus.MEMORY_ONLY
                self._status_detail = "no secure keyring; keys are kept only until the app quits"
        return self._status

    async def _ensure_probed(self) -> None:
        if self._status is KeyBackendStatus.UNKNOWN:
            if self._probe_task is None:
                self._probe_task = asyncio.ensure_future(self.probe())
            await asyncio.shield(self._probe_task)

    # -- keys ----------------------------------------------------------------------------

    async def get(self, profile_id: str) -> str | None:
        """The key for `profile_id`, or None when none is stored."""
        await self._ensure_probed()
        async with self._lock:
            if profile_id in self._session:
                return self._session[profile_id]
            if self._status is not KeyBackendStatus.SECURE:
                return None
            backend = self._require_backend()
            value = await self._call(
                lambda: backend.get_password(self._service, profile_id), "read"
            )
            if value is not None:
                self._session[profile_id] = value
            return value

    async def has_key(self, profile_id: str) -> bool:
        return (await self.get(profile_id)) is not None

    async def set(self, profile_id: str, key: str) -> None:
        """Store (or replace) the key for `profile_id`; takes effect at once."""
        key = key.strip()
        if not key:
            raise KeyStoreError("the key is empty")
        problem = key_problem(key)
        if problem is not None:
            # Refused now, not at every request later as an obscure encoding failure.
            raise KeyStoreError(problem.en)
        await self._ensure_probed()
        async with self._lock:
            self._saving.add(key)
            try:
                if self._status is KeyBackendStatus.SECURE:
                    backend = self._require_backend()
                    await self._call(
                        lambda: backend.set_password(self._service, profile_id, key), "save"
                    )
                self._session[profile_id] = key
            finally:
                self._saving.discard(key)
            if self._status is KeyBackendStatus.PLAINTEXT_OPT_IN:
                self._write_plaintext(dict(self._session))
        self._notify(profile_id)

    async def delete(self, profile_id: str) -> None:
        """Forget the key for `profile_id` (no error when there is none)."""
        await self._ensure_probed()
        async with self._lock:
            self._session.pop(profile_id, None)
            if self._status is KeyBackendStatus.SECURE:
                backend = self._require_backend()

                def remove() -> None:
                    with contextlib.suppress(keyring.errors.PasswordDeleteError):
                        backend.delete_password(self._service, profile_id)

                await self._call(remove, "delete")
            elif self._status is KeyBackendStatus.PLAINTEXT_OPT_IN:
                self._write_plaintext(dict(self._session))
        self._notify(profile_id)

    # -- helpers -------------------------------------------------------------------------

    def _require_backend(self) -> KeyBackend:
        if self._backend is None:
            raise KeyStoreError("no keyring backend")
        return self._backend

    async def _call(self, fn: Callable[[], T], what: str) -> T:
        try:
            return await run_in_daemon_thread(fn, self._call_timeout)
        except TimeoutError:
            raise KeyStoreError(
                f"the system keyring did not answer within {self._call_timeout:g} s ({what})"
            ) from None
        except keyring.errors.KeyringError as exc:
            # Backend texts name the service and user, never the password; keep the type only
            # to be safe.
            raise KeyStoreError(
                f"the system keyring refused to {what} the key ({type(exc).__name__})"
            ) from None

    def _notify(self, profile_id: str) -> None:
        for callback in list(self._listeners):
            try:
                callback(profile_id)
            except Exception:
                log.exception("key-change listener failed")

    def _read_plaintext(self) -> dict[str, str]:
        path = self._plaintext_path
        if path is None or not path.exists():
            return {}
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            keys = data.get("keys", {}) if isinstance(data, dict) else {}
            result = {str(k): str(v) for k, v in keys.items() if isinstance(v, str)}
        except (OSError, ValueError) as exc:
            log.warning("could not read the plaintext key file %s: %s", path, type(exc).__name__)
            return {}
        return result

    def _write_plaintext(self, keys: dict[str, str]) -> None:
        path = self._plaintext_path
        if path is None:
            return
        payload = json.dumps({"warning": PLAINTEXT_WARNING, "keys": keys}, indent=2)
        # 0600 from the first byte on, whatever mode an older file had.
        atomic_write(path, payload.encode("utf-8"), mode=PRIVATE_FILE_MODE)
