"""Reporting pages. Each module keeps its own urlpatterns; the staff pages (with fixed
prefixes) come before the organisation's report pages (<organisation>/<cycle>/<round>/)."""

from eplan.reporting import views, views_files, views_follow

app_name = "reporting"

urlpatterns = views_follow.urlpatterns + views_files.urlpatterns + views.urlpatterns
