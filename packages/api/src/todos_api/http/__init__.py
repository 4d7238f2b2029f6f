"""HTTP: the routes and their dependencies, the middleware, the error handlers, the uvicorn protocol."""

from fastapi.routing import APIRoute

API_V1_PREFIX = "/api/v1"


def generate_unique_id(route: APIRoute) -> str:
    # Short, stable operation ids: the generated SDK gets api/todos/list_todos.py and so on.
    return f"{route.tags[0]}-{route.name}"
