from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.todo_public import TodoPublic


T = TypeVar("T", bound="TodoChange")


@_attrs_define
class TodoChange:
    """A task's newest state since the cursor: live (``deleted_at`` null), trashed, or deleted for good."""

    deleted_at: datetime.datetime | None
    """ Null: the task is live. Set: trashed (restorable while `permanent` is false) or deleted. """
    id: int
    permanent: bool
    """ Deleted for good: a tombstone, `todo` is null. """
    todo: None | TodoPublic
    """ The task as it is now; null for a tombstone. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.todo_public import TodoPublic  # noqa: PLC0415

        deleted_at: None | str
        if isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        id = self.id

        permanent = self.permanent

        todo: dict[str, Any] | None
        if isinstance(self.todo, TodoPublic):
            todo = self.todo.to_dict()
        else:
            todo = self.todo

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deleted_at": deleted_at,
                "id": id,
                "permanent": permanent,
                "todo": todo,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.todo_public import TodoPublic  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_deleted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at"))

        id = d.pop("id")

        permanent = d.pop("permanent")

        def _parse_todo(data: object) -> None | TodoPublic:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                todo_type_0 = TodoPublic.from_dict(data)

                return todo_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TodoPublic, data)

        todo = _parse_todo(d.pop("todo"))

        todo_change = cls(
            deleted_at=deleted_at,
            id=id,
            permanent=permanent,
            todo=todo,
        )

        todo_change.additional_properties = d
        return todo_change

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
