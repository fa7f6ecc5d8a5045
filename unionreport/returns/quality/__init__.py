"""Data-quality warnings of a CĐCS's year (the checks once, in `checks`; their inputs from an upload or from the
stored rows in `facts`; kept and explained in `store`; read for lists in `selectors`).

Errors are not here: they are the return-workbook spec's rules, which the import applies (each domain
app's rules.py) and which refuse the file. Warnings let the import through; submitting needs an
explanation of each.
"""
