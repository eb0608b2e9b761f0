"""A report as Excel (export and import) and as PDF."""

urlpatterns = []
