"""Refuses request bodies over the configured size with 413 before they are read whole.

The limit (`--max-upload-mb`) is the size of the uploaded *file*. A multipart request
carries the file plus its envelope (boundaries, part headers, the purpose field), so a
body is refused here only when it exceeds the limit by more than `ENVELOPE_ALLOWANCE`;
the upload route then holds the file itself to the exact limit.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fine_tune_studio.engine.api.errors import APIError

# Far more than any multipart envelope the SDKs send (a few hundred bytes), far less than
# would matter for memory.
ENVELOPE_ALLOWANCE = 64 * 1024


def upload_too_large(max_bytes: int) -> APIError:
    mb = max_bytes / (1024 * 1024)
    return APIError(
        413, f"The upload is larger than this engine accepts ({mb:g} MB). Start the engine "
        "with a larger --max-upload-mb or split the file.", param="file", code="file_too_large",
    )


class _TooLarge(Exception):
    pass


class UploadLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self._app = app
        self._file_max = max_bytes
        self._max = max_bytes + ENVELOPE_ALLOWANCE

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT"):
            await self._app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self._max:
                await self._refuse(send)
                return
        seen = 0
        too_large = False
        refused = False

        async def counting_receive() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self._max:
                    too_large = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal refused
            # Whatever the framework made of the aborted body (often a 400), the user
            # needs to hear that the file was too large.
            if too_large:
                if not refused:
                    refused = True
                    await self._refuse(send)
                return
            await send(message)

        try:
            await self._app(scope, counting_receive, guarded_send)
        except _TooLarge:
            if not refused:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        data = json.dumps(upload_too_large(self._file_max).body()).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
            # The rest of the body is not read: the connection cannot serve another request.
            (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": data})
