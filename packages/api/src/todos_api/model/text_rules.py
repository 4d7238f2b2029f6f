"""Rules on text fields that the schema states as a JSON Schema ``pattern``, so generated clients (and
fuzzers) know them, and that the server checks with the very same regular expression.

- No NUL (U+0000) anywhere: PostgreSQL ``text`` cannot hold it.
- A title has at least one character that is not whitespace: surrounding whitespace is trimmed, and the
  title must not end up empty. "Whitespace" is Python's (``str.isspace``, what ``str.strip`` removes),
  spelled out as a character class because ``\\s`` means different things in Python and in ECMAScript
  (the dialect of JSON Schema's ``pattern``).

Lengths (``minLength``/``maxLength``) are checked on the text as sent, before trimming, so the schema's
numbers mean what a client measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# Every character for which str.isspace() is true (a unit test keeps this exact).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# The same set as regex source, valid in Python's re and in ECMAScript alike.
_WHITESPACE_CLASS = r"\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

NO_NUL_PATTERN = r"^[^\x00]*$"
TITLE_PATTERN = rf"^[^\x00]*[^\x00{_WHITESPACE_CLASS}][^\x00]*$"


@dataclass(frozen=True, slots=True)
class Pattern:
    """``Annotated`` metadata: the value must match ``regex`` (searched, as JSON Schema does), which is
    also published as the field's ``pattern``; a mismatch is a 422 saying ``message``."""

    regex: str
    message: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        compiled = re.compile(self.regex)
        message = self.message

        def check(value: object) -> object:
            # Not a string: None of an optional parameter, which has nothing to match.
            if isinstance(value, str) and compiled.search(value) is None:
                raise PydanticCustomError("string_pattern_mismatch", message)
            return value

        return core_schema.no_info_after_validator_function(check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.regex
        return json_schema


NO_NUL = Pattern(NO_NUL_PATTERN, "must not contain NUL characters")
TITLE_TEXT = Pattern(TITLE_PATTERN, "must contain a character that is not whitespace, and no NUL characters")


def trim(value: str) -> str:
    return value.strip(WHITESPACE)
