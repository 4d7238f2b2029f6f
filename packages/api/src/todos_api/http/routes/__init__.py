"""Routers, one module per tag."""
