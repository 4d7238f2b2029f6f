"""`async with` for the SDK's clients: leaving the block closes the client's connections."""

from __future__ import annotations

from abc import ABC, abstractmethod
from types import TracebackType
from typing import Self

__all__ = ["AsyncClosing"]


class AsyncClosing(ABC):
    """A client that holds connections: close it with aclose(), or let `async with` do it."""

    @abstractmethod
    async def aclose(self) -> None:
        """Close the connections; the client is not to be used afterwards."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
