"""Hostile and odd workbooks, rebuilt from the real template by rewriting a sheet's XML inside the zip."""

import io
import re
import zipfile

from unionreport.returns.excel.template import workbook_bytes


def sheet_path(wb, title: str) -> str:
    return f"xl/worksheets/sheet{wb.sheetnames.index(title) + 1}.xml"  # openpyxl writes them in order


def rewrite(wb, edits: dict, *, extra: dict | None = None) -> bytes:
    """The workbook's bytes with `edits[path](xml_text) -> str | bytes` applied and `extra` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook_bytes(wb))) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data.decode())
                data = data.encode() if isinstance(data, str) else data
            dst.writestr(item.filename, data)
        for name, data in (extra or {}).items():
            dst.writestr(name, data)
    return out.getvalue()


def set_cell(xml: str, ref: str, new: str) -> str:
    """Replace the cell `ref` (self-closing or not) by the XML `new`."""
    result, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', new, xml, count=1)
    assert count == 1, ref
    return result


def as_stream(data: bytes, name: str = "bao-cao.xlsx") -> io.BytesIO:
    stream = io.BytesIO(data)
    stream.name = name
    return stream


ROSTER = "Đoàn viên"


def wide_row(xml: str, cells: int, ref: str = "ABAB2") -> str:
    """Row 2 of the roster with `cells` empty cells appended (the probe's: 6,7 million `<c r="ABAB2"/>`)."""
    end = xml.index("</row>", xml.index('<row r="2"'))
    return xml[:end] + f'<c r="{ref}"/>' * cells + xml[end:]


def roster_rows(count: int, first: int = 2) -> str:
    return "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r - 1}</v></c><c r="B{r}" t="inlineStr"><is><t>{r:08d}</t></is></c>'
        f'<c r="C{r}" t="inlineStr"><is><t>Đoàn viên {r}</t></is></c><c r="D{r}" t="inlineStr"><is><t>Nữ</t></is>'
        f'</c><c r="E{r}"><v>{1970 + r % 30}</v></c><c r="F{r}" t="inlineStr"><is><t>05/03/2015</t></is></c></row>'
        for r in range(first, first + count))


def many_rows(xml: str, count: int) -> str:
    """The roster's header row, then `count` member rows (the probe's 200.000-row workbook)."""
    start = xml.index("</row>", xml.index('<row r="1"')) + len("</row>")
    return xml[:start] + roster_rows(count) + xml[xml.index("</sheetData>"):]


def many_cells(xml: str, count: int) -> str:
    """The roster's header row, then `count` rows of one number and 4.000 empty cells past the header's width."""
    start = xml.index("</row>", xml.index('<row r="1"')) + len("</row>")
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c>' + f'<c r="H{r}"/>' * 4000 + "</row>"
                   for r in range(2, 2 + count))
    return xml[:start] + rows + xml[xml.index("</sheetData>"):]


def hostile_workbook(wb, kind: str, size: int) -> bytes:
    """One of the hostile files of the benchmark and the tests, at `size`."""
    path = sheet_path(wb, ROSTER)
    if kind == "wide_row":
        return rewrite(wb, {path: lambda xml: wide_row(xml, size)})
    if kind == "wide_row_in_range":  # the same with a valid address, past the header's width
        return rewrite(wb, {path: lambda xml: wide_row(xml, size, "H2")})
    if kind == "many_rows":
        return rewrite(wb, {path: lambda xml: many_rows(xml, size)})
    if kind == "many_cells":  # rows of one number and 4.000 empty cells, each row under the per-row limit
        return rewrite(wb, {path: lambda xml: many_cells(xml, size)})
    raise ValueError(kind)
