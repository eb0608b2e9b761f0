"""The reporting API (rounds, reports, completeness)."""

from ninja import Router

router = Router(tags=["reporting"])
