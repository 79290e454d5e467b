"""hyojun: check municipal core systems against the national standard specifications."""

__version__ = "0.13.0"  # when it changes: README.md「hyojun の版」 and a section of CHANGELOG.md
TOOL_NAME = "hyojun"
