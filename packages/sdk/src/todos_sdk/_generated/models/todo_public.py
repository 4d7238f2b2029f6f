from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.todo_due import TodoDue


T = TypeVar("T", bound="TodoPublic")


@_attrs_define
class TodoPublic:
    created_at: datetime.datetime
    """ Timezone-aware UTC. """
    description: None | str
    etag: str
    """ The task's entity tag, `"<id>-<version>"`, equal to the ETag header of an answer about it: send it as If-
    Match. Read it, never build it. """
    id: int
    is_completed: bool
    title: str
    updated_at: datetime.datetime
    """ Timezone-aware UTC. """
    user_id: str
    version: int
    """ Changes on every write of this todo; its ETag is `"<id>-<version>"` (If-Match). """
    completed_at: datetime.datetime | None | Unset = UNSET
    """ When it was last completed (null: open). Timezone-aware UTC. """
    deleted_at: datetime.datetime | None | Unset = UNSET
    """ When the todo moved to the trash (null: not trashed). Timezone-aware UTC. """
    due: None | TodoDue | Unset = UNSET
    """ Null: no due date. """
    labels: list[str] | Unset = UNSET
    """ Label names. """
    priority: int | Unset = 4
    """ 1 (most urgent) to 4. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.todo_due import TodoDue  # noqa: PLC0415

        created_at = self.created_at.isoformat()

        description: None | str
        description = self.description

        etag = self.etag

        id = self.id

        is_completed = self.is_completed

        title = self.title

        updated_at = self.updated_at.isoformat()

        user_id = self.user_id

        version = self.version

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        due: dict[str, Any] | None | Unset
        if isinstance(self.due, Unset):
            due = UNSET
        elif isinstance(self.due, TodoDue):
            due = self.due.to_dict()
        else:
            due = self.due

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        priority = self.priority

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "description": description,
                "etag": etag,
                "id": id,
                "is_completed": is_completed,
                "title": title,
                "updated_at": updated_at,
                "user_id": user_id,
                "version": version,
            }
        )
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if due is not UNSET:
            field_dict["due"] = due
        if labels is not UNSET:
            field_dict["labels"] = labels
        if priority is not UNSET:
            field_dict["priority"] = priority

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.todo_due import TodoDue  # noqa: PLC0415

        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_description(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        description = _parse_description(d.pop("description"))

        etag = d.pop("etag")

        id = d.pop("id")

        is_completed = d.pop("is_completed")

        title = d.pop("title")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        user_id = d.pop("user_id")

        version = d.pop("version")

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        def _parse_due(data: object) -> None | TodoDue | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                due_type_0 = TodoDue.from_dict(data)

                return due_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TodoDue | Unset, data)

        due = _parse_due(d.pop("due", UNSET))

        labels = cast(list[str], d.pop("labels", UNSET))

        priority = d.pop("priority", UNSET)

        todo_public = cls(
            created_at=created_at,
            description=description,
            etag=etag,
            id=id,
            is_completed=is_completed,
            title=title,
            updated_at=updated_at,
            user_id=user_id,
            version=version,
            completed_at=completed_at,
            deleted_at=deleted_at,
            due=due,
            labels=labels,
            priority=priority,
        )

        todo_public.additional_properties = d
        return todo_public

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
