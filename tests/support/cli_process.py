"""The real `todo` console script, run as a separate process with its own private config dir."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

TODO = Path(sys.executable).parent / "todo"


@dataclass
class TodoCli:
    """`todo …` for one user: its own config dir (so its own stored session), pointed at one stack."""

    config_dir: Path
    api_url: str
    auth_url: str
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith("TODO_")}
        return {
            **inherited,
            "TODO_CONFIG_DIR": str(self.config_dir),
            "TODO_API_URL": self.api_url,
            "TODO_AUTH_URL": self.auth_url,
            **self.extra_env,
        }

    def __call__(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(TODO), *args],
            input=input,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
            start_new_session=True,  # no controlling terminal: prompts can never wait for a human
        )
