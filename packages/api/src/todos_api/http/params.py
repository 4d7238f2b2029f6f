"""Path, query and body parameters parsed strictly: the text of the value is the JSON literal the schema
documents, nothing looser.

Query and path values arrive as text, so pydantic validates them in lax mode, which reads ``1.0``, ``1_0``,
`` 5``, ``+5`` and ``007`` as integers and ``yes``, ``on``, ``t``, ``1`` as booleans. A client that sends
those is relying on an accident of this server; a generated client never sends them. These types accept an
integer written as JSON writes it (``-?(0|[1-9][0-9]*)``) and the booleans ``true`` / ``false``, and refuse
the rest with pydantic's own error types and messages (``int_parsing``, ``bool_parsing``), so a 422 reads the
same as before. The OpenAPI schema is unchanged (``integer``, ``boolean``): this is what it already said.

An optional body sent as JSON ``null`` is refused like any other body that is not an object: only an absent
body takes the default (for ``PATCH …/complete``, the toggle).
"""

from __future__ import annotations

import re

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_BOOLEANS = frozenset({"true", "false"})


def _strict_integer_text(value: object) -> object:
    if isinstance(value, str) and _INTEGER.fullmatch(value) is None:
        raise PydanticCustomError(
            "int_parsing", "Input should be a valid integer, unable to parse string as an integer"
        )
    return value


def _strict_boolean_text(value: object) -> object:
    if isinstance(value, str) and value not in _BOOLEANS:
        raise PydanticCustomError(
            "bool_parsing", "Input should be a valid boolean, unable to interpret input"
        )
    return value


def _refuse_null(value: object) -> object:
    # JSON `null` is a body, and not the object the schema asks for: only an absent body takes the default.
    if value is None:
        raise PydanticCustomError(
            "model_attributes_type", "Input should be a valid dictionary or object to extract fields from"
        )
    return value


# Metadata placed after the Path()/Query() in the parameter's Annotated[...]: there they wrap the constrained
# type, so ``ge``/``le`` stay ``minimum``/``maximum`` in the schema (placed before, pydantic cannot).
STRICT_INT = BeforeValidator(_strict_integer_text)
STRICT_BOOL = BeforeValidator(_strict_boolean_text)
# After Body() of an optional body: absent means the default, `null` is a 422 like any other non-object.
NOT_NULL = BeforeValidator(_refuse_null)

__all__ = ["NOT_NULL", "STRICT_BOOL", "STRICT_INT"]
