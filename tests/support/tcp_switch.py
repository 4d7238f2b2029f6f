"""A TCP forwarder in front of a server that can be switched off and on again on the same port: what a
client sees when the API goes down (connections cut, then refused) and comes back."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress

from todos_devstack.paths import free_port


class TcpSwitch:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`upstream_port` while on; off() cuts every connection."""

    def __init__(self, upstream_port: int) -> None:
        self.port = free_port()
        self._upstream_port = upstream_port
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.answered = bytearray()  # every byte the server sent back, to wait for a stream to open

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def on(self) -> None:
        listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: the same port again
        listener.settimeout(0.1)
        self._stop.clear()
        self._thread = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._thread.start()

    def wait_for_answer(self, text: bytes, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.answered:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {text!r} from the server in {timeout} s: {self.answered[-200:]!r}")
            time.sleep(0.05)

    def off(self) -> None:
        """Refuse new connections and cut the open ones (no FIN-and-wait: the client sees them break)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while not self._stop.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                upstream = socket.create_connection(("127.0.0.1", self._upstream_port))
                with self._lock:
                    self._sockets += [client, upstream]
                threading.Thread(target=_pump, args=(client, upstream, None), daemon=True).start()
                threading.Thread(target=_pump, args=(upstream, client, self.answered), daemon=True).start()


def _pump(source: socket.socket, target: socket.socket, seen: bytearray | None) -> None:
    with suppress(OSError):
        while chunk := source.recv(65536):
            if seen is not None:
                seen += chunk
            target.sendall(chunk)
    with suppress(OSError):
        target.shutdown(socket.SHUT_WR)
