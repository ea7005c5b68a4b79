from tests.requests_app.conftest import calendar_db  # noqa: F401  (re-exported fixture)

