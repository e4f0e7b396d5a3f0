"""Errors that the CLI reports as one line and then carries on or exits."""
from __future__ import annotations


class CorpusToolError(Exception):
    """An error with a message fit for a user (no traceback needed)."""


class InputError(CorpusToolError):
    """One input could not be read; the rest of the batch goes on."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
