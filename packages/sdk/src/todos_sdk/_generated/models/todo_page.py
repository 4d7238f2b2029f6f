from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.todo_public import TodoPublic


T = TypeVar("T", bound="TodoPage")


@_attrs_define
class TodoPage:
    items: list[TodoPublic]
    limit: int
    skip: int
    total: int
    """ Number of todos matching the filters, over all pages, counted up to 10000: when more match, `total` is 10000
    and `total_is_exact` is false. """
    next_cursor: None | str | Unset = UNSET
    """ Pass as `cursor` (same filters and `sort`) for the page after this one; null on the last page. """
    total_is_exact: bool | Unset = True
    """ False when more than 10000 todos match: `total` is a lower bound. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        limit = self.limit

        skip = self.skip

        total = self.total

        next_cursor: None | str | Unset
        if isinstance(self.next_cursor, Unset):
            next_cursor = UNSET
        else:
            next_cursor = self.next_cursor

        total_is_exact = self.total_is_exact

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "items": items,
                "limit": limit,
                "skip": skip,
                "total": total,
            }
        )
        if next_cursor is not UNSET:
            field_dict["next_cursor"] = next_cursor
        if total_is_exact is not UNSET:
            field_dict["total_is_exact"] = total_is_exact

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.todo_public import TodoPublic  # noqa: PLC0415

        d = dict(src_dict)
        items = []
        _items = d.pop("items")
        for items_item_data in _items:
            items_item = TodoPublic.from_dict(items_item_data)

            items.append(items_item)

        limit = d.pop("limit")

        skip = d.pop("skip")

        total = d.pop("total")

        def _parse_next_cursor(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_cursor = _parse_next_cursor(d.pop("next_cursor", UNSET))

        total_is_exact = d.pop("total_is_exact", UNSET)

        todo_page = cls(
            items=items,
            limit=limit,
            skip=skip,
            total=total,
            next_cursor=next_cursor,
            total_is_exact=total_is_exact,
        )

        todo_page.additional_properties = d
        return todo_page

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
