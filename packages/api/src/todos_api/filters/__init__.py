"""The filter language of ``GET /todos?filter=`` (``today | overdue & p1``): its grammar, and its meaning as a
Python predicate (the reference for the SQL it compiles to)."""

from todos_api.filters.evaluate import TaskFacts, matches
from todos_api.filters.grammar import FILTER_MAX_LENGTH, Filter, FilterSyntaxError, parse_filter

__all__ = ["FILTER_MAX_LENGTH", "Filter", "FilterSyntaxError", "TaskFacts", "matches", "parse_filter"]
