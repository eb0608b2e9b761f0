"""The organisation's report pages (being written)."""

urlpatterns = []
