"""Liveness and readiness probes (not versioned, no authentication)."""

from __future__ import annotations

from fastapi import APIRouter

from todos_api.core.errors import DatabaseUnavailable
from todos_api.http import generate_unique_id
from todos_api.http.deps import DatabaseDep
from todos_api.http.head import HeadAsGetRoute
from todos_api.http.responses import SERVER
from todos_api.model.schemas import HealthStatus

router = APIRouter(
    tags=["health"], generate_unique_id_function=generate_unique_id, route_class=HeadAsGetRoute
)


@router.get("/healthz", response_model=HealthStatus)
async def healthz() -> HealthStatus:
    """Answer 200 while the process is up."""
    return HealthStatus()


@router.get("/readyz", response_model=HealthStatus, responses={503: SERVER[503]})
async def readyz(db: DatabaseDep) -> HealthStatus:
    """Answer 200 when the database answers, else 503."""
    if not await db.ping():
        raise DatabaseUnavailable()
    return HealthStatus()
