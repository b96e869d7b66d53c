"""CSV downloads are safe to open in a spreadsheet: cells that could be formulas are
neutralised."""

import csv
import io

import pytest

from kitemark.csv_export import safe_cell, write_rows


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_could_be_formulas_are_prefixed_with_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Riverside Youth", "a=b", "", 12, 2.5])
def test_ordinary_cells_are_unchanged(value):
    assert safe_cell(value) == value


def test_write_rows_neutralises_header_and_body():
    rows = list(csv.reader(io.StringIO(write_rows(["=A1"], [["@cmd"], ["ok"]]))))
    assert rows == [["'=A1"], ["'@cmd"], ["ok"]]
