"""`make run`'s first steps: on ports other than todo's defaults they say how to point `todo` there."""

from __future__ import annotations

from todos_devstack.run import first_steps
from todos_sdk import DEFAULT_API_URL, DEFAULT_AUTH_URL


def test_first_steps_on_other_ports_print_the_export_lines_for_todo() -> None:
    text = first_steps("http://localhost:3400", "http://localhost:8000")

    lines = [line.strip() for line in text.splitlines()]
    assert "export TODO_API_URL=http://localhost:8000" in lines
    assert "export TODO_AUTH_URL=http://localhost:3400" in lines
    assert lines.index("export TODO_AUTH_URL=http://localhost:3400") < lines.index(
        "uv run todo signup --email you@example.com"
    )


def test_first_steps_on_the_default_ports_need_no_exports() -> None:
    text = first_steps(DEFAULT_AUTH_URL, DEFAULT_API_URL)

    assert "export" not in text
    assert "uv run todo signup --email you@example.com" in text
