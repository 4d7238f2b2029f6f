"""The package version, as a constant: reading it from the installed metadata costs ~10 ms at every start."""

__version__ = "0.1.0"
