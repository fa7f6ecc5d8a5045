"""Pure helpers every layer may use: formatting, parsing, years, exports, form fields, database helpers.

Nothing here imports an app of the project (import-linter checks it): only Python, Django and the
libraries. Numbers, dates and years are formatted and parsed here once for HTML, PDF, Word, Excel
and the commands.
"""
