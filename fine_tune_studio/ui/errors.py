"""Turns a service failure into plain, translated words and what the user can do about it.

The services raise `ServiceError` with a `kind`; this is the one place that words them, so
every panel explains the same failure the same way. Provider text (`detail`) is shown
only as a secondary detail, scrubbed of secrets.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from fine_tune_studio.ui.scrub import scrub


@dataclass(frozen=True)
class ErrorExplanation:
    kind: str
    title: str
    message: str
    what_to_do: str
    # True where another provider is the way out (closed fine-tuning, missing permission).
    offer_other_provider: bool = False
    detail: str = ""

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


def _words(kind: str, error: BaseException) -> tuple[str, str, str, bool]:
    """(title, message, what to do, offer another provider) — strings written out in full
    so that lupdate finds every one of them."""
    retry_after = getattr(error, "retry_after", None)
    param = getattr(error, "param", None)
    if getattr(error, "operation", None) == "start_local_engine":
        return (
            QCoreApplication.translate("ServiceErrors", "This computer's engine did not start"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The training engine on this computer could not be started, so there is "
                "nothing to connect to yet.",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Check that the engine add-on is installed and that the computer has free "
                "memory, then try again. The log file has the details.",
            ),
            False,
        )
    if kind == "authentication":
        return (
            QCoreApplication.translate("ServiceErrors", "The key was not accepted"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The provider did not accept this API key. It may be mistyped, revoked "
                "or meant for another provider.",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Copy the key again from the provider's website, paste it into this "
                "provider's key field and test the connection again.",
            ),
            False,
        )
    if kind == "fine_tuning_closed":
        return (
            QCoreApplication.translate("ServiceErrors", "OpenAI fine-tuning is closed to you"),
            QCoreApplication.translate(
                "ServiceErrors",
                "OpenAI no longer lets new organisations start fine-tuning jobs (and "
                "nobody after 6 January 2027).",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Use This computer or another provider, such as Azure OpenAI or a remote "
                "engine. Your examples stay as they are.",
            ),
            True,
        )
    if kind == "permission":
        return (
            QCoreApplication.translate("ServiceErrors", "This key may not do that"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The provider recognised the key but refused the request: the key, "
                "project or organisation lacks permission for it.",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Ask the account owner to grant access, check the organisation and "
                "project fields, or use another provider.",
            ),
            True,
        )
    if kind == "model_not_found":
        return (
            QCoreApplication.translate("ServiceErrors", "Model not available"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The provider does not offer this model to your account, or it has been retired.",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Test the connection to see the models you can use, then pick one of them.",
            ),
            False,
        )
    if kind == "not_found":
        return (
            QCoreApplication.translate("ServiceErrors", "Not found"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The provider could not find what was asked for. The address may be "
                "wrong, or the item was deleted.",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Check the provider's address (for Azure: the endpoint and the API "
                "version) and try again.",
            ),
            False,
        )
    if kind == "rate_limit":
        wait = (
            QCoreApplication.translate(
                "ServiceErrors",
                "The provider asks to wait %n second(s).",
                "",
                max(1, int(retry_after)),
            )
            if isinstance(retry_after, int | float)
            else ""
        )
        return (
            QCoreApplication.translate("ServiceErrors", "Too many requests"),
            " ".join(
                part
                for part in (
                    QCoreApplication.translate(
                        "ServiceErrors",
                        "The provider is limiting how fast or how much you can use it, "
                        "or the account has run out of credit.",
                    ),
                    wait,
                )
                if part
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Wait a moment and try again. If it keeps happening, check the "
                "account's usage limits and billing.",
            ),
            False,
        )
    if kind == "server":
        return (
            QCoreApplication.translate("ServiceErrors", "The provider had a problem"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The provider's server failed to answer properly. This is usually on "
                "their side and temporary.",
            ),
            QCoreApplication.translate("ServiceErrors", "Try again in a few minutes."),
            False,
        )
    if kind == "network":
        return (
            QCoreApplication.translate("ServiceErrors", "Cannot reach the provider"),
            QCoreApplication.translate(
                "ServiceErrors",
                "The app could not connect. The computer may be offline, the address "
                "may be wrong, or a firewall or proxy is in the way.",
            ),
            QCoreApplication.translate(
                "ServiceErrors",
                "Check the internet connection and the provider's address, then try again.",
            ),
            False,
        )
    if kind == "timeout":
        return (
            QCoreApplication.translate("ServiceErrors", "The provider took too long"),
            QCoreApplication.translate("ServiceErrors", "No answer came in time."),
            QCoreApplication.translate(
                "ServiceErrors",
                "Try again. If the provider is a computer you run, check that it is "
                "switched on and not overloaded.",
            ),
            False,
        )
    if kind == "invalid_request":
        field = (
            QCoreApplication.translate("ServiceErrors", "The field concerned: %1.").replace(
                "%1", str(param)
            )
            if param
            else ""
        )
        return (
            QCoreApplication.translate("ServiceErrors", "The provider rejected the request"),
            " ".join(
                part
                for part in (
                    QCoreApplication.translate(
                        "ServiceErrors",
                        "Something in the request is not acceptable to this provider.",
                    ),
                    field,
                )
                if part
            ),
            QCoreApplication.translate(
                "ServiceErrors", "Check the settings for this provider and the model you chose."
            ),
            False,
        )
    if kind == "cancelled":
        return (
            QCoreApplication.translate("ServiceErrors", "Cancelled"),
            QCoreApplication.translate(
                "ServiceErrors", "The operation was cancelled before it finished."
            ),
            "",
            False,
        )
    return (
        QCoreApplication.translate("ServiceErrors", "Something went wrong"),
        QCoreApplication.translate(
            "ServiceErrors", "An unexpected problem stopped this operation."
        ),
        QCoreApplication.translate(
            "ServiceErrors",
            "Try again. If it happens again, send the log file to whoever supports you; "
            "it never contains your keys.",
        ),
        False,
    )


def explain(error: BaseException) -> ErrorExplanation:
    kind = _kind_of(error)
    title, message, what_to_do, offer = _words(kind, error)
    detail = getattr(error, "detail", None)
    if detail is None and kind == "unknown":
        detail = f"{type(error).__name__}: {error}"
    return ErrorExplanation(
        kind=kind,
        title=title,
        message=message,
        what_to_do=what_to_do,
        offer_other_provider=offer,
        detail=scrub(str(detail)) if detail else "",
    )
