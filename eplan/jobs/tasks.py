"""The one task of the queue: make the document of a job. Every kind of document goes
through it, so the queue holds only a job's id and the Job row says what to make."""

from django_tasks import task

from eplan.jobs import services


@task()
def run_job(job_id: int) -> str:
    return services.job_run(job_id=job_id)
