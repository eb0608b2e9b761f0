"""Who took away which non-public data of reporting, and when (issue 10, hole 16): the
missing list with coordinators' contacts, a report's workbook, the PDF of a draft report,
an evidence file. The PDF of a submitted report is public (eplan.public serves it to
anyone) and is not recorded.

A download is a GET, and a GET never writes business data; the audit trail is not business
data but the record of who read it. `audit_record` refuses to run outside a transaction
(it is meant to share the transaction of the change it records); a download changes
nothing, so the event gets a transaction of its own, committed whether or not the file
then reaches the browser.
"""

from django.db import transaction

from eplan.core.audit import audit_record

DOWNLOAD = "reporting.download"


def download_record(*, actor, what: str, obj=None, organisation=None, province_code: str = "", **detail):
    """Record that `actor` downloaded `what` (missing_xlsx, report_xlsx, report_pdf_draft,
    evidence) of `obj`; detail: what identifies the file (area, name)."""
    codes = {"organisation_code": organisation.code, "province_code": organisation.province_id} if organisation else {}
    if province_code and not organisation:
        codes["province_code"] = province_code
    with transaction.atomic():
        audit_record(actor=actor, action=DOWNLOAD, obj=obj, detail={"what": what, **detail}, **codes)
