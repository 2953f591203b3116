"""Progress assessment methods toward 2030; importing this package registers the built-ins."""

from localsdg.core.progress import escap, opensdg, sdsn, unsd
from localsdg.core.progress.base import METHODS, MethodError, Options, get_method

__all__ = ["METHODS", "MethodError", "Options", "escap", "get_method", "opensdg", "sdsn", "unsd"]
