"""What FastAPI costs by itself: the baseline's own endpoint functions served by a bare FastAPI app.

No dependencies, no response models, no middleware of ours, FastAPI's telemetry off: only FastAPI's request
pipeline (routing, request/response wrapping, its middleware stack) around exactly the raw endpoints' work.
The real API cannot cost less than this, so it bounds what tuning the real API can reach. Run by the
harness with ``--floor`` as ``uvicorn --factory bench.fastapi_floor:app_from_env``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from starlette.routing import Route

from bench.raw_app import Settings, create_app

TELEMETRY_OFF: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False, "operation_spans": False}


def app_from_env() -> FastAPI:
    raw = create_app(Settings.from_env())
    app = FastAPI(lifespan=raw.router.lifespan_context, telemetry=TELEMETRY_OFF)
    for route in raw.routes:
        assert isinstance(route, Route) and route.methods is not None
        app.add_api_route(route.path, route.endpoint, methods=sorted(route.methods - {"HEAD"}))
    return app
