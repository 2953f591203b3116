"""Template filters of the indicator editors' pages."""

from django import template

from localsdg.core.formats.model import Problem
from localsdg.indicators.problems import problem_title as title

register = template.Library()


@register.filter
def problem_title(problem: Problem) -> str:
    """The translated title of a data problem's kind."""
    return title(problem)
