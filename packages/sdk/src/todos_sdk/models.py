"""The API's data models (generated from openapi.json), under a name that does not change on regeneration."""

from ._generated import models as _models
from ._generated.models import *  # noqa: F403 (re-exports exactly the generated package's __all__)
from ._generated.types import UNSET, Unset

__all__ = [*_models.__all__, "UNSET", "Unset"]
