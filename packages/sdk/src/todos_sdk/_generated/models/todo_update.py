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
    due_string: None | str | Unset = UNSET
    """ The due date in words ("tomorrow 5pm", "every monday 9am", "every! 3 days"), read at the time of the request
    in `timezone`; 422 `invalid_due` when it cannot be read. Null clears it. """
    is_completed: bool | Unset = UNSET
    """ Also sets `completed_at` (true) or clears it (false). """
    labels: list[str] | Unset = UNSET
    """ Label names, 1–50 characters each; duplicates (ignoring case) are dropped keeping the first spelling; at
    most 20 different ones. Replaces the task's labels; [] removes them all. """
    priority: int | Unset = UNSET
    """ 1 (most urgent, p1) to 4 (the default). """
    timezone: str | Unset = UNSET
    """ The IANA time zone `due_string` is read in (e.g. Europe/Berlin); default UTC. Only read with `due_string`.
    """
    title: str | Unset = UNSET
    """ 1–200 characters as sent, not all whitespace; surrounding whitespace is trimmed. """

    def to_dict(self) -> dict[str, Any]:
        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        due_string: None | str | Unset
        if isinstance(self.due_string, Unset):
            due_string = UNSET
        else:
            due_string = self.due_string

        is_completed = self.is_completed

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        priority = self.priority

        timezone = self.timezone

        title = self.title

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if due_string is not UNSET:
            field_dict["due_string"] = due_string
        if is_completed is not UNSET:
            field_dict["is_completed"] = is_completed
        if labels is not UNSET:
            field_dict["labels"] = labels
        if priority is not UNSET:
            field_dict["priority"] = priority
        if timezone is not UNSET:
            field_dict["timezone"] = timezone
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

        def _parse_due_string(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        due_string = _parse_due_string(d.pop("due_string", UNSET))

        is_completed = d.pop("is_completed", UNSET)

        labels = cast(list[str], d.pop("labels", UNSET))

        priority = d.pop("priority", UNSET)

        timezone = d.pop("timezone", UNSET)

        title = d.pop("title", UNSET)

        todo_update = cls(
            description=description,
            due_string=due_string,
            is_completed=is_completed,
            labels=labels,
            priority=priority,
            timezone=timezone,
            title=title,
        )

        return todo_update
