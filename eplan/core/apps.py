from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eplan.core"
    label = "core"
    verbose_name = "แกนกลางระบบ"
