"""Turns a service failure into plain, translated words and what the user can do about it.

The services raise `ServiceError` with a `kind`; this is the one place that words them, so
every panel explains the same failure the same way. Provider text (`detail`) is shown
only as a secondary detail, scrubbed of secrets.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from fine_tune_studio.core.context_window import ContextOverflow
from fine_tune_studio.core.providers import ProviderKind
from fine_tune_studio.ui.scrub import scrub

# Where Together AI starts a dedicated endpoint when its message names no page.
TOGETHER_MODELS_PAGE = "https://api.together.ai/models"


@dataclass(frozen=True)
class ErrorExplanation:
    kind: str
    title: str
    message: str
    what_to_do: str
    # True where another provider is the way out (closed fine-tuning, missing permission).
    offer_other_provider: bool = False
    detail: str = ""
    # A page where the user can do what `what_to_do` says (start an endpoint, add credit).
    link: str = ""
    # Whether `detail` is the provider's own answer. Otherwise it is this computer's
    # technical account (a failed connection: "ConnectError: [Errno -2] …"), which is no
    # provider speaking: views keep it behind "Details".
    detail_from_provider: bool = False

    def as_text(self) -> str:
        parts = [self.message, self.what_to_do]
        return "\n\n".join(part for part in parts if part)


def _kind_of(error: BaseException) -> str:
    kind = getattr(error, "kind", None)
    if kind is not None:
        return str(getattr(kind, "value", kind))
    if isinstance(error, asyncio.CancelledError):
        return "cancelled"
    if isinstance(error, TimeoutError):
        return "timeout"
    if isinstance(error, ConnectionError | OSError):
        return "network"
    return "unknown"


@dataclass(frozen=True)
class _Words:
    # QT_TRANSLATE_NOOP returns its text, typed as object in PySide6's stubs.
    title: object
    message: object
    what_to_do: object
    offer_other_provider: bool = False


# Kind of failure -> its words in English, marked for lupdate; `_words` translates them
# when shown (so a language switch applies to the next message at once).
_WORDS: dict[str, _Words] = {
    "start_local_engine": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "This computer's engine did not start"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The training engine on this computer could not be started, so there is "
            "nothing to connect to yet.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Check that the engine add-on is installed and that the computer has free "
            "memory, then try again. The log file has the details.",
        ),
    ),
    "no_key": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "No key saved for this provider"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "There is no key saved for this provider on this computer, so nothing was "
            "sent to it.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Add the key in Settings: open this provider and paste the key from the "
            "provider's website.",
        ),
    ),
    "context_too_long": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "The conversation is too long for this model"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors", "The model cannot read this whole conversation at once."
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Start a new conversation, or remove earlier turns and keep only the latest "
            "question.",
        ),
    ),
    "engine_authentication": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "The engine did not accept the token"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The engine on that computer refused the access token saved here. It changes "
            "whenever the engine is started without --token.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "On the computer running it, “fine-tune-studio engine serve” prints its "
            "access token when it starts (see docs/engine.md). Copy it from there into "
            "this provider's key field and test the connection again.",
        ),
    ),
    "engine_no_key": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "No token saved for this engine"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "There is no access token saved for this engine, so nothing was sent to it.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "On the computer running it, “fine-tune-studio engine serve” prints its "
            "access token when it starts (see docs/engine.md). Paste it into this "
            "provider's key field in Settings.",
        ),
    ),
    "authentication": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "The key was not accepted"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider did not accept this API key. It may be mistyped, revoked "
            "or meant for another provider.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Copy the key again from the provider's website, paste it into this "
            "provider's key field and test the connection again.",
        ),
    ),
    "fine_tuning_closed": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "OpenAI fine-tuning is closed to you"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "OpenAI no longer lets this organisation start fine-tuning jobs, and from "
            "6 January 2027 it lets nobody.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Train the same examples on This computer, or on Together AI (add it in "
            "Settings). Your examples stay as they are.",
        ),
        offer_other_provider=True,
    ),
    "permission": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "This key may not do that"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider recognised the key but refused the request: the key, "
            "project or organisation lacks permission for it.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Ask the account owner to grant access, check the organisation and "
            "project fields, or use another provider.",
        ),
        offer_other_provider=True,
    ),
    "model_not_found": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "Model not available"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider does not offer this model to your account, or it has been retired.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Test the connection to see the models you can use, then pick one of them.",
        ),
    ),
    "no_credit": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "No credit left"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider refused because the account has no credit (or has reached its "
            "spending limit).",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Add credit or raise the limit on the provider's billing page, then try again.",
        ),
    ),
    "model_not_fine_tunable": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "This model cannot be fine-tuned here"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider offers this model for chatting, but does not fine-tune it.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Choose one of the models the wizard lists as fine-tunable (Test connection in "
            "Settings lists them too).",
        ),
    ),
    "needs_endpoint": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "This model needs its own endpoint"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider does not answer with this model on demand: it answers only on "
            "a dedicated endpoint, which is not running.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Start a dedicated endpoint for it on the provider's website (it is billed by "
            "the minute while it runs), then try again. Or download the model and run it "
            "on This computer.",
        ),
    ),
    "not_found": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "Not found"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider could not find what was asked for. The address may be "
            "wrong, or the item was deleted.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Check the provider's address (for Azure: the endpoint and the API "
            "version) and try again.",
        ),
    ),
    "rate_limit": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "Too many requests"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider is limiting how fast or how much you can use it, "
            "or the account has run out of credit.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Wait a moment and try again. If it keeps happening, check the "
            "account's usage limits and billing.",
        ),
    ),
    "server": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "The provider had a problem"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The provider's server failed to answer properly. This is usually on "
            "their side and temporary.",
        ),
        QT_TRANSLATE_NOOP("ServiceErrors", "Try again in a few minutes."),
    ),
    "network": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "Cannot reach the provider"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "The app could not connect. The computer may be offline, the address "
            "may be wrong, or a firewall or proxy is in the way.",
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Check the internet connection and the provider's address, then try again.",
        ),
    ),
    "timeout": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "The provider took too long"),
        QT_TRANSLATE_NOOP("ServiceErrors", "No answer came in time."),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Try again. If the provider is a computer you run, check that it is "
            "switched on and not overloaded.",
        ),
    ),
    "invalid_request": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "The provider rejected the request"),
        QT_TRANSLATE_NOOP(
            "ServiceErrors", "Something in the request is not acceptable to this provider."
        ),
        QT_TRANSLATE_NOOP(
            "ServiceErrors", "Check the settings for this provider and the model you chose."
        ),
    ),
    "cancelled": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "Cancelled"),
        QT_TRANSLATE_NOOP("ServiceErrors", "The operation was cancelled before it finished."),
        "",
    ),
    "unknown": _Words(
        QT_TRANSLATE_NOOP("ServiceErrors", "Something went wrong"),
        QT_TRANSLATE_NOOP("ServiceErrors", "An unexpected problem stopped this operation."),
        QT_TRANSLATE_NOOP(
            "ServiceErrors",
            "Try again. If it happens again, send the log file to whoever supports you; "
            "it never contains your keys.",
        ),
    ),
}


def _translate(text: object) -> str:
    return QCoreApplication.translate("ServiceErrors", str(text)) if text else ""


def _specifics(kind: str, error: BaseException) -> str:
    """What this particular failure adds to its kind's message (a wait, a field, the
    lengths of a conversation too long)."""
    if kind == "context_too_long":
        return context_words(getattr(error, "context", None))
    retry_after = getattr(error, "retry_after", None)
    if kind == "rate_limit" and isinstance(retry_after, int | float):
        return QCoreApplication.translate(
            "ServiceErrors", "The provider asks to wait %n second(s).", "", max(1, int(retry_after))
        )
    param = getattr(error, "param", None)
    if kind == "invalid_request" and param:
        return QCoreApplication.translate("ServiceErrors", "The field concerned: %1.").replace(
            "%1", str(param)
        )
    return ""


def context_words(overflow: ContextOverflow | None, counted: int | None = None) -> str:
    """"This conversation is N tokens; the model takes at most M." from what is known:
    the provider's numbers, else `counted` (the app's own count of the conversation)."""
    used = overflow.used if overflow is not None else None
    limit = overflow.limit if overflow is not None else None
    if used is None and counted is not None:
        used = counted
        if limit is not None:
            return QCoreApplication.translate(
                "ServiceErrors", "This conversation is about %1 tokens; the model takes at "
                "most %2.").replace("%1", f"{used:,}").replace("%2", f"{limit:,}")
        return QCoreApplication.translate(
            "ServiceErrors", "This conversation is about %1 tokens, more than the model "
            "takes.").replace("%1", f"{used:,}")
    if used is not None and limit is not None:
        return QCoreApplication.translate(
            "ServiceErrors", "This conversation is %1 tokens; the model takes at most %2."
        ).replace("%1", f"{used:,}").replace("%2", f"{limit:,}")
    if limit is not None:
        return QCoreApplication.translate(
            "ServiceErrors", "The model takes at most %1 tokens.").replace("%1", f"{limit:,}")
    return ""


# Kinds that exist only because the provider answered: their detail is its own words.
_PROVIDER_ANSWERED = frozenset({
    "authentication", "permission", "fine_tuning_closed", "not_found", "model_not_found",
    "rate_limit", "no_credit", "model_not_fine_tunable", "needs_endpoint", "server",
    "invalid_request", "context_too_long",
})


def _words(
    kind: str, error: BaseException, provider_kind: ProviderKind | None = None
) -> tuple[str, str, str, bool]:
    """(title, message, what to do, offer another provider), translated."""
    if getattr(error, "operation", None) == "start_local_engine":
        kind = "start_local_engine"
    # A remote engine is the user's own: its token is printed where they started it, not
    # on a provider's website.
    if provider_kind is ProviderKind.REMOTE_ENGINE and kind in ("authentication", "no_key"):
        return _kind_words(f"engine_{kind}", kind, error)
    return _kind_words(kind, kind, error)


def _kind_words(
    words_key: str, kind: str, error: BaseException
) -> tuple[str, str, str, bool]:
    words = _WORDS.get(words_key, _WORDS["unknown"])
    parts = (_translate(words.message), _specifics(kind, error))
    message = " ".join(part for part in parts if part)
    return (
        _translate(words.title),
        message,
        _translate(words.what_to_do),
        words.offer_other_provider,
    )


def explain(
    error: BaseException, *, provider_kind: ProviderKind | None = None
) -> ErrorExplanation:
    """`error` in the user's words; `provider_kind`, when the caller knows which provider
    failed, lets the words say where to look (a remote engine's token)."""
    kind = _kind_of(error)
    title, message, what_to_do, offer = _words(kind, error, provider_kind)
    detail = getattr(error, "detail", None)
    if detail is None and kind == "unknown":
        detail = f"{type(error).__name__}: {error}"
    link = ""
    if kind == "needs_endpoint":
        found = _URL.search(str(detail or ""))
        link = found.group(0).rstrip(".,;") if found else TOGETHER_MODELS_PAGE
    return ErrorExplanation(
        kind=kind,
        title=title,
        message=message,
        what_to_do=what_to_do,
        offer_other_provider=offer,
        detail=scrub(str(detail)) if detail else "",
        link=link,
        detail_from_provider=_answered(kind, error),
    )


def _answered(kind: str, error: BaseException) -> bool:
    status = getattr(error, "status", None)
    if isinstance(status, int):
        return True
    # A saved reply keeps only its kind; some kinds exist only as a provider's answer.
    return kind in _PROVIDER_ANSWERED


_URL = re.compile(r"https?://[^\s'\"<>)]+")
