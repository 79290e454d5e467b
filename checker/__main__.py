"""`python -m checker` (`py -m checker` on Windows): the `hyojun` command where its Scripts folder is not on PATH."""

from .cli import main

main()
