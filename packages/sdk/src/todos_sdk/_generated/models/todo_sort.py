from typing import Literal

TodoSort = Literal[
    "created_at_asc", "created_at_desc", "title_asc", "title_desc", "updated_at_asc", "updated_at_desc"
]

TODO_SORT_VALUES: set[TodoSort] = {
    "created_at_asc",
    "created_at_desc",
    "title_asc",
    "title_desc",
    "updated_at_asc",
    "updated_at_desc",
}


def check_todo_sort(value: str) -> TodoSort:
    if value in TODO_SORT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {TODO_SORT_VALUES!r}")
