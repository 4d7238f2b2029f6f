from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="TodoCompletion")


@_attrs_define
class TodoCompletion:
    """Sets the state instead of toggling it, so that a retried request is harmless."""

    is_completed: bool

    def to_dict(self) -> dict[str, Any]:
        is_completed = self.is_completed

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "is_completed": is_completed,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        is_completed = d.pop("is_completed")

        todo_completion = cls(
            is_completed=is_completed,
        )

        return todo_completion
