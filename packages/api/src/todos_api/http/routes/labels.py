"""``/api/v1/labels``: the caller's labels with their counts (labels live on the tasks, issue 17)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from todos_api.http import API_V1_PREFIX, generate_unique_id
from todos_api.http.deps import CurrentCaller
from todos_api.http.lean_route import LeanRoute
from todos_api.http.responses import INVALID, SERVER, UNAUTHORIZED
from todos_api.http.routes.todos import json_response
from todos_api.model.schemas import LabelList
from todos_api.todos import crud

# As the todos router: full prefix, routes added to the app directly, LeanRoute (GET also answers HEAD).
router = APIRouter(
    prefix=f"{API_V1_PREFIX}/labels",
    tags=["labels"],
    responses={**UNAUTHORIZED, **INVALID, **SERVER},
    generate_unique_id_function=generate_unique_id,
    route_class=LeanRoute,
)


@router.get("", response_model=LabelList)
async def list_labels(caller: CurrentCaller) -> Response:
    """List your labels with how many live tasks carry each, sorted by name ignoring case."""
    return json_response({"items": await crud.list_labels(caller.db, caller.identity)})
