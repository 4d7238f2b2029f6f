"""One module per command group, one function per command."""
