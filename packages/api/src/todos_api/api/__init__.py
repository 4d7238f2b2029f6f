"""HTTP layer: dependencies and routers."""

API_V1_PREFIX = "/api/v1"
