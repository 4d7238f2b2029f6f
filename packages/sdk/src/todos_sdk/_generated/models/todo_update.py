from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TodoUpdate")


@_attrs_define
class TodoUpdate:
    """Every field optional: only the fields present are changed; `description: null` clears it."""

    description: None | str | Unset = UNSET
    """ Up to 1000 characters; null clears. """
    is_completed: bool | Unset = UNSET
    title: str | Unset = UNSET
    """ 1–200 characters as sent, not all whitespace; surrounding whitespace is trimmed. """

    def to_dict(self) -> dict[str, Any]:
        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        is_completed = self.is_completed

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if is_completed is not UNSET:
            field_dict["is_completed"] = is_completed
        if title is not UNSET:
            field_dict["title"] = title

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        is_completed = d.pop("is_completed", UNSET)

        title = d.pop("title", UNSET)

        todo_update = cls(
            description=description,
            is_completed=is_completed,
            title=title,
        )

        return todo_update
