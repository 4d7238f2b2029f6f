from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="TodoCreate")


@_attrs_define
class TodoCreate:
    title: str
    """ 1–200 characters as sent, not all whitespace; surrounding whitespace is trimmed. """
    description: None | str | Unset = UNSET
    """ Up to 1000 characters. """
    due_string: None | str | Unset = UNSET
    """ The due date in words ("tomorrow 5pm", "every monday 9am", "every! 3 days"), read at the time of the request
    in `timezone`; 422 `invalid_due` when it cannot be read. Null: no due date. """
    labels: list[str] | Unset = UNSET
    """ Label names, 1–50 characters each; duplicates (ignoring case) are dropped keeping the first spelling; at
    most 20 different ones. """
    priority: int | Unset = UNSET
    """ 1 (most urgent, p1) to 4 (the default). """
    timezone: str | Unset = UNSET
    """ The IANA time zone `due_string` is read in (e.g. Europe/Berlin); default UTC. """

    def to_dict(self) -> dict[str, Any]:
        title = self.title

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

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        priority = self.priority

        timezone = self.timezone

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "title": title,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if due_string is not UNSET:
            field_dict["due_string"] = due_string
        if labels is not UNSET:
            field_dict["labels"] = labels
        if priority is not UNSET:
            field_dict["priority"] = priority
        if timezone is not UNSET:
            field_dict["timezone"] = timezone

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        title = d.pop("title")

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

        labels = cast(list[str], d.pop("labels", UNSET))

        priority = d.pop("priority", UNSET)

        timezone = d.pop("timezone", UNSET)

        todo_create = cls(
            title=title,
            description=description,
            due_string=due_string,
            labels=labels,
            priority=priority,
            timezone=timezone,
        )

        return todo_create
