"""The ground floor every layer stands on: the settings (``config``) and the domain errors (``errors``)."""
