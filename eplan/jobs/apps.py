from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "eplan.jobs"
    label = "jobs"
    verbose_name = "งานเบื้องหลัง"
