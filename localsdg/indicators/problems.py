"""Translated titles for the kinds of data problem that the core readers report.

The detailed message of a problem quotes the file's own text and stays as the reader wrote it;
the title says in the reader's language what kind of problem it is.
"""

from django.utils.translation import gettext as _

from localsdg.core.formats.model import Problem


def problem_titles() -> dict[str, str]:
    return {
        "io": _("File cannot be read"),
        "encoding": _("Text encoding"),
        "empty": _("Empty file"),
        "no_rows": _("No data rows"),
        "csv": _("Malformed CSV"),
        "xlsx": _("Malformed Excel workbook"),
        "yaml": _("Malformed YAML"),
        "front_matter": _("Malformed front matter"),
        "formula": _("Formula cell"),
        "missing_column": _("Missing column"),
        "duplicate_column": _("Duplicate column"),
        "unknown_code": _("Unknown SDG code"),
        "invalid_value": _("Value is not a number"),
        "missing_value": _("Missing value"),
        "empty_value": _("Empty value"),
        "normalised_value": _("Number normalised"),
        "invalid_period": _("Period not understood"),
        "period_range": _("Period is a range of years"),
        "duplicate_identical": _("Identical duplicate rows"),
        "duplicate_conflict": _("Conflicting duplicate rows"),
        "duplicate_dropped": _("Duplicate row not kept"),
        "file_ignored": _("File ignored"),
        "sheet_ignored": _("Sheet ignored"),
        "metadata_ignored": _("Metadata ignored"),
        "empty_column": _("Column without a name"),
        "too_long": _("Text too long"),
        "too_large": _("File too large"),
        "column_ignored": _("Column not read"),
        "row_skipped": _("Row skipped"),
        "invalid_unit": _("Unit not understood"),
        "invalid_cell": _("Value not understood"),
    }


def problem_title(problem: Problem) -> str:
    return problem_titles().get(problem.code, _("Problem"))
