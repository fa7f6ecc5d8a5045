from tests.members.factories import rows  # noqa: F401
