"""`todo`: the Todos command line, built on todos_sdk. Entry point: todos_cli.main:app."""
