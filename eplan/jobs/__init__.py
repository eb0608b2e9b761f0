"""Background jobs (งานเบื้องหลัง): files that take more than a few seconds to make — the
announcement PDFs and workbooks, large plan PDFs — are made by a worker process outside
the web request, kept in storage under the key of the document they are, and served again
from there. Plumbing only: it knows nothing of plans or announcements (the apps that make
documents give it a builder function), so any app may use it.

Django's Tasks API (the django-tasks backport) carries the work: a `Job` row says what is to
be made and how far it got, one task (`tasks.run_job`) makes it, `manage.py db_worker` runs
the tasks from the database. See docs/deploy.md.
"""
