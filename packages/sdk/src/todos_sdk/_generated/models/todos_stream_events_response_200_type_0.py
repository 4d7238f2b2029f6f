from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TodosStreamEventsResponse200Type0")


@_attrs_define
class TodosStreamEventsResponse200Type0:
    data: str
    """ A TodoChange as JSON (one line). """
    event: Literal["change"]
    id: str
    """ The change's position in the feed: send it back as Last-Event-ID to resume. """
    retry: int | Unset = UNSET
    """ Reconnection delay in milliseconds. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data

        event = self.event

        id = self.id

        retry = self.retry

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "event": event,
                "id": id,
            }
        )
        if retry is not UNSET:
            field_dict["retry"] = retry

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        event = cast(Literal["change"], d.pop("event"))
        if event != "change":
            raise ValueError(f"event must match const 'change', got '{event}'")

        id = d.pop("id")

        retry = d.pop("retry", UNSET)

        todos_stream_events_response_200_type_0 = cls(
            data=data,
            event=event,
            id=id,
            retry=retry,
        )

        todos_stream_events_response_200_type_0.additional_properties = d
        return todos_stream_events_response_200_type_0

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
