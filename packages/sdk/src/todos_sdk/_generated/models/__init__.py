"""Contains all the data models used in inputs/outputs"""

from .change_page import ChangePage
from .error_code import ErrorCode
from .error_response import ErrorResponse
from .health_status import HealthStatus
from .label_count import LabelCount
from .label_list import LabelList
from .todo_change import TodoChange
from .todo_completion import TodoCompletion
from .todo_create import TodoCreate
from .todo_due import TodoDue
from .todo_page import TodoPage
from .todo_public import TodoPublic
from .todo_sort import TodoSort
from .todo_update import TodoUpdate
from .todos_stream_events_response_200_type_0 import TodosStreamEventsResponse200Type0
from .todos_stream_events_response_200_type_1 import TodosStreamEventsResponse200Type1
from .validation_error_item import ValidationErrorItem
from .validation_error_response import ValidationErrorResponse

__all__ = (
    "ChangePage",
    "ErrorCode",
    "ErrorResponse",
    "HealthStatus",
    "LabelCount",
    "LabelList",
    "TodoChange",
    "TodoCompletion",
    "TodoCreate",
    "TodoDue",
    "TodoPage",
    "TodoPublic",
    "TodoSort",
    "TodosStreamEventsResponse200Type0",
    "TodosStreamEventsResponse200Type1",
    "TodoUpdate",
    "ValidationErrorItem",
    "ValidationErrorResponse",
)
