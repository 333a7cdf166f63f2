"""`ProviderRegistry`: the configured providers, the active one, and one client per provider.

Clients are cached per profile and dropped as soon as the profile or its key changes, so a
changed key takes effect on the very next call. The local engine's address and token are
known only while it runs: the registry asks an injected `local_endpoint` callable (the app
wires it to `LocalEngine`; this module does not import engine code).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fine_tune_studio.core.key_rules import key_problem
from fine_tune_studio.core.providers import ProviderKind, ProviderProfile, local_engine_profile
from fine_tune_studio.core.settings import AppSettings
from fine_tune_studio.services.client import ModelInfo, ProviderClient
from fine_tune_studio.services.errors import ErrorKind, ServiceError
from fine_tune_studio.services.keys import KeyStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocalEndpoint:
    """Where the running local engine listens (base_url ends in /v1) and its bearer token."""

    base_url: str
    token: str


LocalEndpointProvider = Callable[[], Awaitable[LocalEndpoint]]
ClientFactory = Callable[..., ProviderClient]


def make_client(profile: ProviderProfile, **options: Any) -> ProviderClient:
    """The client class a profile's kind needs (Together AI has its own fine-tuning API)."""
    # Imported here: the Together client imports this module's neighbours, not the reverse.
    from fine_tune_studio.services.together_client import TogetherClient

    if profile.kind is ProviderKind.TOGETHER:
        return TogetherClient(profile, **options)
    return ProviderClient(profile, **options)


def engine_endpoint(base_url: str, token: str) -> LocalEndpoint:
    """A LocalEndpoint whose URL ends in /v1 however the engine reports it."""
    url = base_url.rstrip("/")
    if not url.endswith("/v1"):
        url += "/v1"
    return LocalEndpoint(base_url=url, token=token)


def _revalidated(profile: ProviderProfile) -> ProviderProfile:
    # `model_copy(update=...)` skips validation; an edited copy must not reach the settings
    # file (or a client) unchecked.
    return ProviderProfile.model_validate(profile.model_dump())


class ProviderRegistry:
    """Profiles (kept in `settings.providers`), the active one, and cached clients.

    settings: the app's settings object; the registry edits its `providers` and
      `active_provider_id` in place and calls `save(settings)` after each change.
    keys: where API keys live; the registry listens to it to drop stale clients.
    local_endpoint: async callable returning the running engine's LocalEndpoint (starting
      it if needed). Without it, the local-engine profile raises ServiceError(network).
    client_options: extra keyword arguments for every ProviderClient (timeout, retry...).
    """

    def __init__(
        self,
        settings: AppSettings,
        keys: KeyStore,
        *,
        save: Callable[[AppSettings], None] | None = None,
        local_endpoint: LocalEndpointProvider | None = None,
        client_factory: ClientFactory = make_client,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        self.settings = settings
        self.keys = keys
        self._save = save
        self._local_endpoint = local_endpoint
        self._factory = client_factory
        self._client_options = dict(client_options or {})
        self._clients: dict[str, ProviderClient] = {}
        self._endpoints: dict[str, LocalEndpoint] = {}
        # Clients replaced while a call may still use them: closed on aclose().
        self._retired: list[ProviderClient] = []
        self._listeners: list[Callable[[str | None], None]] = []
        keys.add_listener(self.invalidate)

    # -- profiles -----------------------------------------------------------------------

    @property
    def profiles(self) -> list[ProviderProfile]:
        return list(self.settings.providers)

    def get(self, profile_id: str) -> ProviderProfile:
        profile = self.settings.profile(profile_id)
        if profile is None:
            raise KeyError(f"no provider with id {profile_id!r}")
        return profile

    @property
    def active(self) -> ProviderProfile | None:
        return self.settings.active_profile

    def set_active(self, profile_id: str | None) -> None:
        if profile_id is not None:
            self.get(profile_id)
        self.settings.active_provider_id = profile_id
        self._changed(None)

    def add(self, profile: ProviderProfile, *, make_active: bool | None = None) -> ProviderProfile:
        """Add `profile`; it becomes active if asked to or if nothing was active.

        Raises pydantic.ValidationError for an invalid profile (see `_revalidated`).
        """
        profile = _revalidated(profile)
        if self.settings.profile(profile.id) is not None:
            raise ValueError(f"a provider with id {profile.id!r} already exists")
        self.settings.providers = [*self.settings.providers, profile]
        if make_active or (make_active is None and self.settings.active_provider_id is None):
            self.settings.active_provider_id = profile.id
        self._changed(profile.id)
        return profile

    def ensure_local_engine(self, display_name: str = "This computer") -> ProviderProfile:
        """The local-engine profile, added if missing (first run offers it in two clicks)."""
        existing = next(
            (p for p in self.settings.providers if p.kind is ProviderKind.LOCAL_ENGINE), None
        )
        return existing or self.add(local_engine_profile(display_name))

    def update(self, profile: ProviderProfile) -> ProviderProfile:
        """Replace the profile with the same id (the cached client is dropped)."""
        profile = _revalidated(profile)
        self.get(profile.id)
        self.settings.providers = [
            profile if p.id == profile.id else p for p in self.settings.providers
        ]
        self._changed(profile.id)
        return profile

    async def remove(self, profile_id: str) -> None:
        """Remove the profile and delete its key."""
        profile = self.get(profile_id)
        self.settings.providers = [p for p in self.settings.providers if p.id != profile_id]
        if self.settings.active_provider_id == profile_id:
            self.settings.active_provider_id = (
                self.settings.providers[0].id if self.settings.providers else None
            )
        self._changed(profile_id)
        if profile.needs_key:
            await self.keys.delete(profile_id)

    def add_listener(self, callback: Callable[[str | None], None]) -> None:
        """Call `callback(profile_id or None)` after any change to profiles or the active one."""
        self._listeners.append(callback)

    # -- keys ---------------------------------------------------------------------------

    async def set_key(self, profile_id: str, key: str) -> None:
        """Store the key; the next `client()` call uses it."""
        self.get(profile_id)
        await self.keys.set(profile_id, key)  # the key store's listener invalidates

    async def delete_key(self, profile_id: str) -> None:
        await self.keys.delete(profile_id)

    # -- clients ------------------------------------------------------------------------

    async def client(self, profile_id: str | None = None) -> ProviderClient:
        """The cached client for `profile_id` (default: the active profile).

        Raises ServiceError(authentication) when the profile needs a key and none is
        stored, ServiceError(network) when the local engine cannot be reached, KeyError for
        an unknown profile.
        """
        if profile_id is None:
            active = self.active
            if active is None:
                raise ServiceError(
                    ErrorKind.UNKNOWN,
                    "No provider is selected. Add one in Settings.",
                    operation="connect",
                )
            profile_id = active.id
        profile = self.get(profile_id)
        base_url: str | None = None
        if profile.kind is ProviderKind.LOCAL_ENGINE:
            # Asked every time: the engine gets a new port and token whenever it restarts,
            # and the callable (re)starts it if it stopped.
            endpoint = await self._engine_endpoint()
            base_url, key = endpoint.base_url, endpoint.token
            cached = self._clients.get(profile_id)
            if cached is not None and self._endpoints.get(profile_id) == endpoint:
                return cached
            self.invalidate(profile_id)
            self._endpoints[profile_id] = endpoint
        else:
            cached = self._clients.get(profile_id)
            if cached is not None:
                return cached
            key = await self.keys.get(profile_id) or ""
            if key and key_problem(key) is not None:
                # Saved before keys were checked as typed: every request would fail with an
                # encoding error the user cannot act on.
                raise ServiceError(
                    ErrorKind.AUTHENTICATION,
                    f"The saved key for {profile.display_name} has characters that keys never "
                    "have. Paste it again in Settings.",
                    operation="connect",
                )
        # Built on a worker thread: the SDK's HTTP client makes an SSL context, 20-100 ms
        # of loading certificates, which the app's event loop (the GUI's) should not wait.
        client = await asyncio.to_thread(
            functools.partial(self._factory, profile, api_key=key, base_url=base_url,
                              **self._client_options)
        )
        # Another caller may have built one meanwhile; keep the first, retire ours.
        if profile_id in self._clients:
            self._retired.append(client)
            return self._clients[profile_id]
        self._clients[profile_id] = client
        return client

    async def test_connection(self, profile_id: str | None = None) -> list[ModelInfo]:
        """List the provider's models with the current profile and key (ServiceError on failure)."""
        client = await self.client(profile_id)
        return await client.test_connection()

    def invalidate(self, profile_id: str | None = None) -> None:
        """Drop the cached client for `profile_id` (all clients when None)."""
        ids = list(self._clients) if profile_id is None else [profile_id]
        for pid in ids:
            client = self._clients.pop(pid, None)
            if client is not None:
                # A call may still be running on it: close it later, not now.
                self._retired.append(client)

    async def _engine_endpoint(self) -> LocalEndpoint:
        if self._local_endpoint is None:
            raise ServiceError(
                ErrorKind.NETWORK,
                "This computer's engine is not available (the engine extra is not installed).",
                operation="connect",
            )
        try:
            return await self._local_endpoint()
        except ServiceError:
            raise
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            raise ServiceError(
                ErrorKind.NETWORK,
                "This computer's engine could not be started.",
                detail=f"{type(exc).__name__}: {exc}",
                operation="connect",
            ) from None

    async def aclose(self) -> None:
        """Close every client (call at app shutdown)."""
        self.keys.remove_listener(self.invalidate)
        clients = [*self._clients.values(), *self._retired]
        self._clients.clear()
        self._retired.clear()
        for client in clients:
            with contextlib.suppress(Exception):
                await client.aclose()

    def _changed(self, profile_id: str | None) -> None:
        if profile_id is not None:  # switching the active profile leaves clients valid
            self.invalidate(profile_id)
        if self._save is not None:
            try:
                self._save(self.settings)
            except OSError:
                log.exception("could not save settings")
        for callback in list(self._listeners):
            try:
                callback(profile_id)
            except Exception:
                log.exception("provider listener failed")
