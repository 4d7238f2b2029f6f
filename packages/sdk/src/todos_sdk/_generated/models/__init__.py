"""Contains all the data models used in inputs/outputs"""

from .change_page import ChangePage
from .error_response import ErrorResponse
from .health_status import HealthStatus
from .todo_change import TodoChange
from .todo_completion import TodoCompletion
from .todo_create import TodoCreate
from .todo_page import TodoPage
from .todo_public import TodoPublic
from .todo_sort import TodoSort
from .todo_update import TodoUpdate
from .validation_error_item import ValidationErrorItem
from .validation_error_response import ValidationErrorResponse

__all__ = (
    "ChangePage",
    "ErrorResponse",
    "HealthStatus",
    "TodoChange",
    "TodoCompletion",
    "TodoCreate",
    "TodoPage",
    "TodoPublic",
    "TodoSort",
    "TodoUpdate",
    "ValidationErrorItem",
    "ValidationErrorResponse",
)
