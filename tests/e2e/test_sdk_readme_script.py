"""The README's ten-line SDK script, run as written against the real stack."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import httpx
from todos_devstack.better_auth import Account, BetterAuthClient
from todos_devstack.paths import ROOT
from todos_devstack.stack import Stack

DOC = ROOT / "README.md"


def readme_script() -> str:
    match = re.search(r"## The SDK in ten lines.*?```python\n(.*?)```", DOC.read_text(), re.S)
    assert match, f"no python block under 'The SDK in ten lines' in {DOC}"
    return match.group(1)


def test_readme_script_is_ten_lines() -> None:
    assert len(readme_script().splitlines()) <= 10


def test_readme_script_runs_against_the_real_api(
    stack: Stack, account: Account, better_auth: BetterAuthClient
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TODO_")}
    env.update(TODO_API_URL=stack.api_url, TODO_AUTH_URL=stack.web_url)

    result = subprocess.run(
        [sys.executable, "-c", readme_script(), account.email],
        input=f"{account.password}\n",  # getpass falls back to stdin: no terminal in a new session
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
    )

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].endswith(" Try the SDK"), result.stdout
    task_id = int(lines[0].split()[0].lstrip("#"))
    jwt = better_auth.token(account.session_token)
    task = httpx.get(
        f"{stack.api_url}/api/v1/todos/{task_id}", headers={"Authorization": f"Bearer {jwt}"}
    ).json()
    assert (task["title"], task["description"], task["is_completed"]) == (
        "Try the SDK",
        "from a ten-line script",
        True,
    )
