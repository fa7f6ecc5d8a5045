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
