from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "eplan.api"
    label = "api"
    verbose_name = "REST API"
