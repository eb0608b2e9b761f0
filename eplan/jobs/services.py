"""Asking for a document and making it: `job_request` (the web side) and `job_run` (the
worker side, through tasks.run_job).

A job is idempotent by construction. Its key names the document, so asking twice finds the
same row (the key is unique in the database, and the row is locked while it is decided); the
worker claims a job by moving it from queued to running in one conditional UPDATE, so a
task delivered twice, or a job re-queued while a slow worker still had it, is made once. A
failed attempt is queued again after a pause, up to `max_attempts`; a builder that raises
JobRefused gives a reason in Thai and is not retried.

Making a document writes no business data, so there is no audit event: the pages that
serve a document check who may see it before they ask for it.
"""

import logging
import secrets
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from eplan.core import request_context
from eplan.jobs.models import Job, JobState

logger = logging.getLogger("eplan.jobs")

# Seconds to wait before the second and the third attempt.
RETRY_DELAYS = (10, 60)


class JobRefused(Exception):
    """Raised by a builder that cannot make its document, with the reason in Thai for the
    person who asked (the announcement is gone…). Not retried."""


def builder(function):
    """Marks a function `(progress, **params) -> bytes` as one that the worker may run;
    the worker runs nothing else, whatever a Job row names."""
    function.job_builder = True
    return function


def builder_path(function) -> str:
    if not getattr(function, "job_builder", False):
        raise ImproperlyConfigured(f"{function!r} is not marked with eplan.jobs.services.builder")
    return f"{function.__module__}.{function.__qualname__}"


def _resolve(path: str):
    function = import_string(path)
    if not getattr(function, "job_builder", False):
        raise ImproperlyConfigured(f"{path} is not a job builder")
    return function


def storage():
    return storages["jobs"]


def stale_after() -> timedelta:
    return timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)


def _enqueue(job: Job, *, delay: int = 0) -> None:
    from eplan.jobs.tasks import run_job

    task = run_job
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    task.enqueue(job.pk)


def _needs_start(job: Job, *, now, polling: bool) -> bool:
    if job.state == JobState.DONE:
        if polling:
            return False  # the page is told the file is ready; opening it decides
        expired = job.expires_at is not None and job.expires_at <= now
        return expired or not storage().exists(job.file)  # a file lost (storage restored without it)
    if job.state == JobState.FAILED:
        return not polling
    if job.state == JobState.RUNNING:
        return job.updated_at < now - stale_after()  # its worker died with it
    return False


def would_start(*, key: str, polling: bool = False) -> bool:
    """Whether asking for this document now would make it (for rate limits)."""
    job = Job.objects.filter(key=key).first()
    return job is None or _needs_start(job, now=timezone.now(), polling=polling)


def job_request(
    *,
    key: str,
    builder_function,
    params: dict,
    suffix: str = "",
    estimate_seconds: int = 10,
    keep: timedelta | None = None,
    polling: bool = False,
    inline: bool = False,
) -> Job:
    """The job that makes this document: the one already asked for, or a new one queued.

    A finished, failed or running job is left as it is, except that a job whose worker
    stopped answering is queued again and, when a person asks (not the progress page
    `polling`), a document kept only for a while (`keep`) that has expired is made again,
    and a job whose attempts all failed starts afresh. `inline` makes the document in this process
    instead of queueing it, for documents that take no more than a moment."""
    now = timezone.now()
    path = builder_path(builder_function)
    expires_at = now + keep if keep is not None else None
    with transaction.atomic():
        job, created = Job.objects.select_for_update().get_or_create(
            key=key,
            defaults={
                "builder": path,
                "params": params,
                "suffix": suffix,
                "estimate_seconds": estimate_seconds,
                "expires_at": expires_at,
            },
        )
        start = created or _needs_start(job, now=now, polling=polling)
        if start and not created:
            if job.file:
                transaction.on_commit(lambda old=job.file: storage().delete(old))
            job.builder, job.params, job.suffix, job.estimate_seconds = path, params, suffix, estimate_seconds
            job.state, job.progress, job.attempts, job.file, job.size = JobState.QUEUED, 0, 0, "", None
            job.error, job.user_message, job.retry_at, job.expires_at = "", "", None, expires_at
            job.started_at = job.finished_at = None
            job.save()
        if start and not inline:
            # In the same transaction as the row: the queue (a table of the same database)
            # holds the task exactly when the job exists.
            _enqueue(job)
    if start and inline:
        job_run(job_id=job.pk)
    job.refresh_from_db()
    return job


class Progress:
    """Given to a builder: `progress(40)` says 40 % is done. Written at most twice a second
    (the page polls every two), never backwards."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.percent = 0
        self.written_at = 0.0

    def __call__(self, percent: float) -> None:
        percent = max(0, min(99, int(percent)))
        if percent <= self.percent:
            return
        self.percent = percent
        if time.monotonic() - self.written_at < 0.5:
            return
        self.written_at = time.monotonic()
        Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(progress=percent, updated_at=timezone.now())

    @contextmanager
    def pdf_pages(self, *, expected_pages: int, start: int = 10, end: int = 95):
        """Progress from WeasyPrint's own log while it lays out pages (one line per page):
        from `start` to `end` per cent over about `expected_pages` pages."""
        import logging as logging_module
        import threading

        source = logging_module.getLogger("weasyprint.progress")
        thread = threading.get_ident()
        report = self

        class PageCounter(logging_module.Handler):
            def emit(self, record):
                if record.thread != thread:
                    return
                if record.getMessage().startswith("Step 5 - Creating layout - Page"):
                    page = record.args[0] if record.args else 0
                    report(start + (end - start) * min(1.0, page / max(1, expected_pages)))
                elif record.getMessage().startswith("Step 6"):
                    report(end)

        counter = PageCounter(level=logging_module.INFO)
        level, propagate = source.level, source.propagate
        source.addHandler(counter)
        # Page lines are INFO; the site's log does not want them (settings), this counter does.
        source.setLevel(logging_module.INFO)
        source.propagate = False
        try:
            yield
        finally:
            source.removeHandler(counter)
            source.setLevel(level)
            source.propagate = propagate


def job_run(*, job_id: int) -> str:
    """Make the document of a queued job (the worker calls this through tasks.run_job)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        progress=0,
        started_at=now,
        retry_at=None,
        updated_at=now,
    )
    if not claimed:
        return "skipped"  # made, being made, or given up on: nothing to do twice
    job = Job.objects.get(pk=job_id)
    context = request_context.RequestContext(request_id=uuid.uuid4().hex, channel=f"job:{job.pk}")
    try:
        make = _resolve(job.builder)
        with translation.override(settings.LANGUAGE_CODE), request_context.using(context):
            content = make(Progress(job.pk), **job.params)
    except Exception as error:
        _attempt_failed(job, error)
        raise
    name = storage().save(f"{job.pk}-{secrets.token_urlsafe(12)}{job.suffix}", ContentFile(content))
    finished = timezone.now()
    done = Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.DONE,
        file=name,
        size=len(content),
        progress=100,
        error="",
        user_message="",
        finished_at=finished,
        updated_at=finished,
    )
    if not done:  # another run finished it first
        storage().delete(name)
        return "skipped"
    logger.info("job %s (%s) made in %.1f s", job.pk, job.key, (finished - now).total_seconds())
    return "done"


def _attempt_failed(job: Job, error: Exception) -> None:
    job.refresh_from_db(fields=["attempts", "max_attempts"])
    refused = isinstance(error, JobRefused)
    now = timezone.now()
    changes = {
        "error": f"{type(error).__module__}.{type(error).__qualname__}: {error}"[:4000],
        "user_message": str(error)[:500] if refused else "",
        "updated_at": now,
    }
    if not refused and job.attempts < job.max_attempts:
        delay = RETRY_DELAYS[min(job.attempts, len(RETRY_DELAYS)) - 1]
        logger.warning("job %s (%s) attempt %s failed, retried in %s s", job.pk, job.key, job.attempts, delay)
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.QUEUED, retry_at=now + timedelta(seconds=delay), **changes
        )
        _enqueue(job, delay=delay)
    else:
        logger.error("job %s (%s) failed after %s attempts", job.pk, job.key, job.attempts)
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(state=JobState.FAILED, finished_at=now, **changes)


def jobs_prune(*, now=None) -> int:
    """Delete the jobs whose documents have expired, with their files (`prune_jobs`)."""
    now = now or timezone.now()
    expired = list(Job.objects.filter(expires_at__lte=now).exclude(state=JobState.RUNNING))
    for job in expired:
        if job.file:
            storage().delete(job.file)
    Job.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
