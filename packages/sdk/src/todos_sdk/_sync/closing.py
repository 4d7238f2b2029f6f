# generated from _async by scripts/generate_sync_sdk.py — do not edit
"""`async with` for the SDK's clients: leaving the block closes the client's connections."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

__all__ = ["Closing"]


class Closing(ABC):
    """A client that holds connections: close it with aclose(), or let `async with` do it."""

    @abstractmethod
    def close(self) -> None:
        """Close the connections; the client is not to be used afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
