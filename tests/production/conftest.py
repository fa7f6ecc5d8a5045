"""Production tests: PostgreSQL-only tests carry `@pytest.mark.postgres` and are skipped on SQLite."""

import pytest
from django.db import connection


@pytest.fixture(autouse=True)
def _postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgresql://...)")


@pytest.fixture
def with_fault_middleware(settings):
    """Until settings.py lists it, put the middleware where the lead is asked to (right after WhiteNoise)."""
    name = "unionreport.core.middleware.FaultMiddleware"
    if name not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, name)
        settings.MIDDLEWARE = middleware
    return settings
