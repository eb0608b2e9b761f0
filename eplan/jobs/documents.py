"""A document made in the background, as a page serves it: the file when it is ready, a
progress page meanwhile.

    document = Document(key=f"announcement-pdf:{announcement.pk}:…", builder=announcement_pdf_file,
                        params={…}, filename=…, content_type="application/pdf", title=…)
    return documents.respond(request, document)

The document's own address does everything: the first visit queues the job and answers
202 with a progress page; the page polls the same address with htmx (every two seconds, a
fragment); when the file is ready the fragment links to it and jobs/progress.js opens it,
and the address then answers with the file itself, now and on every later visit. The view
checks who may see the document before it calls respond(); the key is made by the view
from what it checked, never taken from the request.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eplan.core import pdf
from eplan.core.http import is_htmx
from eplan.jobs import services
from eplan.jobs.models import Job, JobState
from eplan.jobs.services import JobRefused, builder

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A job still queued after this long has not been picked up: say so.
WAITING_TOO_LONG = timedelta(seconds=60)


@dataclass(frozen=True)
class Document:
    key: str  # names the document exactly: the same key is the same file
    builder: object  # a function marked with @builder: (progress, **params) -> bytes
    params: dict
    filename: str  # the Thai name the browser saves it under
    content_type: str
    title: str  # what the progress page says is being made
    fallback: str = ""  # an ASCII file name for old clients
    as_attachment: bool = False
    keep: timedelta | None = None  # None: an immutable document, kept for good
    estimate_seconds: int = 10
    back_url: str = ""

    @property
    def suffix(self) -> str:
        return {PDF: ".pdf", XLSX: ".xlsx"}.get(self.content_type, "")


def respond(request, document: Document, *, inline: bool = False, limit: str = "") -> HttpResponse:
    """The file of the document when it is ready; otherwise its progress (a page, or the
    fragment the page polls). `inline` makes a small document in this request. `limit`
    names a rate limit (settings.RATE_LIMITS) counted only by requests that make the
    document: neither the page's polling nor a file already made counts."""
    polling = is_htmx(request)
    if limit and not polling and services.would_start(key=document.key):
        from eplan.core import ratelimit

        refusal = ratelimit.check(request, limit)
        if refusal is not None:
            return ratelimit.too_many_requests(request, refusal)
    job = services.job_request(
        key=document.key,
        builder_function=document.builder,
        params=document.params,
        suffix=document.suffix,
        estimate_seconds=document.estimate_seconds,
        keep=document.keep,
        polling=polling,
        inline=inline,
    )
    if job.state == JobState.DONE and not polling:
        return file_response(job, document)
    context = progress_context(request, job, document)
    if polling:
        response = render(request, "jobs/_progress.html", context)
    else:
        response = render(request, "jobs/progress.html", context, status=202)
    response["Cache-Control"] = "no-store"
    return response


def file_response(job: Job, document: Document) -> HttpResponse:
    # Read whole (a few megabytes at most: the national PDF is 1.4 MB), so the answer is an
    # ordinary one that caches and tests can read.
    with services.storage().open(job.file, "rb") as handle:
        response = HttpResponse(handle.read(), content_type=document.content_type)
    response["Content-Disposition"] = pdf.content_disposition(
        document.filename, fallback=document.fallback, as_attachment=document.as_attachment
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _seconds_text(seconds: float) -> str:
    seconds = max(1, round(seconds))
    if seconds < 90:
        return ngettext("%(count)s วินาที", "%(count)s วินาที", seconds) % {"count": seconds}
    minutes = round(seconds / 60)
    return ngettext("%(count)s นาที", "%(count)s นาที", minutes) % {"count": minutes}


def shown_percent(job: Job, now) -> int:
    """What the bar shows: what the builder reported, or, between its reports, the share of
    the expected time that has passed (never past 95 % before the file is there)."""
    if job.state == JobState.DONE:
        return 100
    if job.state != JobState.RUNNING or job.started_at is None:
        return 0
    elapsed = (now - job.started_at).total_seconds()
    by_time = int(95 * min(1.0, elapsed / max(1, job.estimate_seconds)))
    return min(95, max(job.progress, by_time))


def progress_context(request, job: Job, document: Document) -> dict:
    now = timezone.now()
    context = {
        "job": job,
        "title": document.title,
        "back_url": document.back_url,
        "file_url": request.get_full_path(),
        "percent": shown_percent(job, now),
        "polling": job.state in (JobState.QUEUED, JobState.RUNNING),
        "opens_inline": not document.as_attachment,
        "reference": f"J{job.pk}",
    }
    if job.state == JobState.RUNNING and job.started_at:
        elapsed = (now - job.started_at).total_seconds()
        context["elapsed"] = _seconds_text(elapsed)
        context["expected"] = _seconds_text(job.estimate_seconds)
    elif job.state == JobState.QUEUED:
        if job.attempts:
            context["retrying"] = {
                "failed": job.attempts,
                "next": job.attempts + 1,
                "max": job.max_attempts,
                "reason": job.user_message or _("เกิดข้อผิดพลาดระหว่างสร้างไฟล์"),
            }
        else:
            ahead = Job.objects.filter(state=JobState.QUEUED, attempts=0, pk__lt=job.pk).count()
            context["ahead"] = ahead
            context["waiting_too_long"] = now - job.created_at > WAITING_TOO_LONG
    elif job.state == JobState.FAILED:
        context["failure"] = job.user_message or _(
            "ระบบลองสร้างไฟล์ %(attempts)s ครั้งแล้วไม่สำเร็จ กรุณาลองใหม่ภายหลัง "
            "หากยังไม่สำเร็จ โปรดแจ้งผู้ดูแลระบบพร้อมเลขอ้างอิง %(reference)s"
        ) % {"attempts": job.attempts, "reference": context["reference"]}
    return context


__all__ = ["PDF", "XLSX", "Document", "JobRefused", "builder", "respond"]
