"""The return workbook (return-workbook spec) as files: its layout, the checks on an uploaded file, reading
its sheets cell by cell into values with every problem named by its cell, and writing the template.

Nothing here writes to the database: `workbook.parse_return` reads and validates (with each domain app's
rules), `template.build_return_workbook` writes a file; `returns.services` imports.
"""
