from tests.accounts.reorganised import commune, commune_officer, giavien_officer, reorganised, row_2024  # noqa: F401
