"""The returns pages: one unit's return (`unit_return`: template, upload, preview, workflow buttons) and the
approvers' and staff's pages (`review`: reopen requests, completeness, reporting years)."""
