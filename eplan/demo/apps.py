from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "eplan.demo"
    label = "demo"
    verbose_name = "ข้อมูลสาธิต"
