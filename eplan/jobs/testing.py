"""For tests that need the real queue: the database backend and one run of its worker."""

from unittest import mock

from django_tasks_db.management.commands import db_worker

# Jobs go to the database queue, as in production, instead of running in the request.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker() -> None:
    """What `manage.py db_worker --batch` does: run every task that is due, then stop.
    Inside a test's transaction, so the worker must not close the connection between
    tasks as it does in production."""
    worker = db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
