"""The `vngov` command (main.py), argument parsing and printing around extractor/api.py."""

from extractor.cli.main import main

__all__ = ["main"]
