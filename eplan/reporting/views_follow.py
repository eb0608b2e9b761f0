"""Staff pages of reporting: follow-up (completeness), score tables, rounds."""

urlpatterns = []
