"""Demo figures for 2023 and 2024 (filled by the report work); load_demo calls this after the structure."""


def load_demo_data(*, stdout=None) -> None:
    return None
