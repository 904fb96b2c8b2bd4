"""Spreadsheet helpers shared by the MSEL tests: CSV text to rows and back, as a sheet saves it."""

from __future__ import annotations

import csv
import io


def rows_of(text: str) -> list[list[str]]:
    """The rows of CSV text."""
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_of(rows: list[list[str]]) -> str:
    """CSV text of rows, with the CRLF line ends spreadsheets write."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()
