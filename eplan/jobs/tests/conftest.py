import pytest

from eplan.jobs.testing import DATABASE_TASKS


@pytest.fixture
def queue(settings):
    """The database queue, as in production: a job waits for the worker (run_worker)."""
    settings.TASKS = DATABASE_TASKS
    return settings
