"""Reporting pages. Each module keeps its own urlpatterns; the staff pages (with fixed
prefixes) come before the organisation's report pages (<organisation>/<cycle>/<round>/)."""

from eplan.reporting import views, views_evidence, views_files, views_follow, views_rounds

app_name = "reporting"

urlpatterns = (
    views_follow.urlpatterns
    + views_rounds.urlpatterns
    + views_files.urlpatterns
    + views_evidence.urlpatterns
    + views.urlpatterns
)
