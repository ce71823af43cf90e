"""Exceptions raised by vntextkit.

Every error the library raises on purpose derives from :class:`VntextkitError`,
so callers can catch the library's errors without catching programming errors.
Errors about bad arguments also derive from the matching built-in
(:class:`TypeError`, :class:`ValueError`) so that ordinary ``except`` clauses work.
"""
from __future__ import annotations


class VntextkitError(Exception):
    """Base class of every error vntextkit raises on purpose."""


class InputTypeError(VntextkitError, TypeError):
    """An argument had the wrong type (for example bytes where str is expected)."""


class InputValueError(VntextkitError, ValueError):
    """An argument had the right type but a value that cannot be processed."""


class EncodingNameError(InputValueError):
    """An unknown legacy encoding name was given."""


class DataError(VntextkitError, ValueError):
    """A training or input data file is malformed; the message names the file and line."""


class ModelError(VntextkitError):
    """A model artifact is missing, corrupt, or was made by an incompatible version."""


def check_str(value: object, name: str = "text") -> str:
    """Return ``value`` if it is a ``str``; raise :class:`InputTypeError` otherwise."""
    if not isinstance(value, str):
        raise InputTypeError(
            f"{name} must be str, got {type(value).__name__}"
            + (" (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(value, (bytes, bytearray)) else "")
        )
    return value
