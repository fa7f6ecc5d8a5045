"""The returns pages: one unit's return file (`unit_return`: template, export, upload, preview) and the
approvers' and staff's pages (`review`: reopen requests, completeness, reporting years)."""
