"""hyojun: check municipal core systems against the national standard specifications."""

__version__ = "0.8.0"  # when it changes: README.md「hyojun の版」
TOOL_NAME = "hyojun"
