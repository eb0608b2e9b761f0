from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "eplan.public"
    label = "public"
    verbose_name = "หน้าสาธารณะ"
