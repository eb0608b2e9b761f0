"""The queue's task for notification e-mail: send what waits, each once."""

from django_tasks import task

from eplan.notifications import services


@task()
def send_notification_emails() -> dict:
    return services.send_pending_emails()
