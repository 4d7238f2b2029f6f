from typing import Literal

TodosStreamEventsResponse200Event = Literal["change"]

TODOS_STREAM_EVENTS_RESPONSE_200_EVENT_VALUES: set[TodosStreamEventsResponse200Event] = {
    "change",
}


def check_todos_stream_events_response_200_event(value: str) -> TodosStreamEventsResponse200Event:
    if value in TODOS_STREAM_EVENTS_RESPONSE_200_EVENT_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {TODOS_STREAM_EVENTS_RESPONSE_200_EVENT_VALUES!r}"
    )
