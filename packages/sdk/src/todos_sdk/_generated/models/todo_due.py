from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TodoDue")


@_attrs_define
class TodoDue:
    """A task's due date (todos_api.due.Due as the API answers it)."""

    date: datetime.date
    """ The day it is due (YYYY-MM-DD), in `timezone`. """
    datetime_: datetime.datetime | None
    """ RFC 3339 with the offset of `timezone`; only for a task due at a time of day. """
    from_completion: bool
    """ True for `every!`: the next date counts from the completion, not the schedule. """
    is_recurring: bool
    rrule: None | str
    """ An RFC 5545 RRULE (without DTSTART) for a recurring task. """
    string: str
    """ The phrase it was set from. """
    timezone: str
    """ The IANA time zone the due date was set in. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date.isoformat()

        datetime_: None | str
        if isinstance(self.datetime_, datetime.datetime):
            datetime_ = self.datetime_.isoformat()
        else:
            datetime_ = self.datetime_

        from_completion = self.from_completion

        is_recurring = self.is_recurring

        rrule: None | str
        rrule = self.rrule

        string = self.string

        timezone = self.timezone

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "date": date,
                "datetime": datetime_,
                "from_completion": from_completion,
                "is_recurring": is_recurring,
                "rrule": rrule,
                "string": string,
                "timezone": timezone,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = datetime.date.fromisoformat(d.pop("date"))

        def _parse_datetime_(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                datetime_type_0 = datetime.datetime.fromisoformat(data)

                return datetime_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        datetime_ = _parse_datetime_(d.pop("datetime"))

        from_completion = d.pop("from_completion")

        is_recurring = d.pop("is_recurring")

        def _parse_rrule(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        rrule = _parse_rrule(d.pop("rrule"))

        string = d.pop("string")

        timezone = d.pop("timezone")

        todo_due = cls(
            date=date,
            datetime_=datetime_,
            from_completion=from_completion,
            is_recurring=is_recurring,
            rrule=rrule,
            string=string,
            timezone=timezone,
        )

        todo_due.additional_properties = d
        return todo_due

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
