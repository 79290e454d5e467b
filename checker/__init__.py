"""hyojun: check municipal core systems against the national standard specifications."""

__version__ = "0.1.0"
TOOL_NAME = "hyojun"
