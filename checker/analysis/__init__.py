"""Pure analysis functions: no files, no Excel, no HTML."""
