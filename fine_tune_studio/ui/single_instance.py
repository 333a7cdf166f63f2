"""One app window per user: a second launch hands its files to the running one and exits.

The first instance listens on a QLocalServer (a Unix socket, or a named pipe on Windows)
whose name comes from the user's settings folder, so two users, or a test with its own
FINE_TUNE_STUDIO_HOME, never meet. A later launch connects, sends one JSON line
`{"files": [absolute paths]}`, waits for "ok" and ends; the running window raises itself
and opens the file. With no instance listening, the launch becomes the instance.

The waits here are bounded (a few seconds at most) and happen before any window exists,
so nothing the user sees is frozen by them.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1500
ANSWER_TIMEOUT_MS = 5000
MAX_MESSAGE_BYTES = 1 << 20
ACK = b"ok\n"


def server_name(settings_folder: Path) -> str:
    """A short, per-user name (Unix socket paths are limited to ~100 bytes)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment or the password database
        user = "user"
    digest = hashlib.sha256(f"{user}\0{settings_folder}".encode()).hexdigest()[:16]
    return f"fine-tune-studio-{digest}"


def hand_over(name: str, files: list[str]) -> bool:
    """Give `files` to the instance listening on `name`; True if it took them."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    message = json.dumps({"files": files}, ensure_ascii=False).encode() + b"\n"
    socket.write(message)
    if not socket.waitForBytesWritten(ANSWER_TIMEOUT_MS):
        return False
    answer = b""
    while not answer.endswith(b"\n") and socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer == ACK


class InstanceServer(QObject):
    """Listens for later launches; `files_received(list[str])` for each (maybe empty)."""

    files_received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._server = QLocalServer(self)
        # Only this user may connect (the socket file is 0700 on Unix).
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self._server.listen(self.name):
            return True
        if self._server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            # Either another instance won a race with us, or a crashed one left its socket
            # behind. Only a socket nobody answers on may be removed.
            probe = QLocalSocket()
            probe.connectToServer(self.name)
            if probe.waitForConnected(CONNECT_TIMEOUT_MS):
                probe.disconnectFromServer()
                return False
            QLocalServer.removeServer(self.name)
            if self._server.listen(self.name):
                return True
        log.warning("single instance: cannot listen on %s: %s", self.name,
                    self._server.errorString())
        return False

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE_BYTES:
            socket.abort()
            return
        self._buffers[socket] = data
        if not data.endswith(b"\n"):
            return
        try:
            message = json.loads(data)
            files = [str(f) for f in message.get("files", [])]
        except (ValueError, AttributeError, TypeError):
            log.warning("single instance: ignored a message that is not ours")
            socket.abort()
            return
        socket.write(ACK)
        socket.flush()
        self.files_received.emit(files)
