"""Progress assessment methods toward 2030; importing this package registers the built-ins."""

from localsdg.core.progress import escap, opensdg, sdsn, unsd
from localsdg.core.progress.base import METHODS, Method, MethodError, Options


def get_method(name: str) -> Method:
    """A registered method by name; every built-in is registered by the imports above."""
    try:
        return METHODS[name]
    except KeyError:
        known = ", ".join(sorted(METHODS))
        raise MethodError(f"unknown method {name!r}: choose one of {known}") from None


__all__ = ["METHODS", "MethodError", "Options", "escap", "get_method", "opensdg", "sdsn", "unsd"]
