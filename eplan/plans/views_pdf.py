"""The plan as an official PDF document, and the receipt of a submission (ใบรับแผน).

A submitted version prints from its frozen snapshot, never from the live plan, so the PDF
is exactly what was sent. The live plan prints as a draft, watermarked ร่าง. The links to a
PDF offer its two choices openly (plans/_pdf_choices.html): `digits=thai` sets every number
in Thai digits, as official documents use them, and `numbering=dimension` numbers items
through each dimension instead of 1), 2), … within each sub-mission.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts.decorators import login_required_keeping_input
from eplan.core import pdf
from eplan.core.ratelimit import rate_limit
from eplan.core.thai import baht
from eplan.jobs import documents as jobs
from eplan.plans import document, selectors
from eplan.plans.models import PlanVersion
from eplan.plans.titles import Numbering, item_labels

CM = 72 / 2.54  # points
# The width of the text on a landscape page: A4 less the margins of `@page wide` in
# plans/pdf/plan.css (keep the two in step).
WIDE_TEXT_WIDTH_PT = (29.7 - 2.0 - 1.5) * CM
# A printed draft is kept this long under the hash of its content (prune_jobs deletes it).
DRAFT_KEPT = timedelta(days=1)


def _thai_digits(request) -> bool:
    return request.GET.get("digits") == "thai"


def _numbering(request) -> str:
    return Numbering.of(request.GET.get("numbering"))


def _part2_blocks(doc, labels) -> list[list[dict]]:
    """The rows of the Part 2 table in blocks that must not be split across pages.

    The table has the columns of the published plans: ภารกิจตามมิติ | โครงการ/กิจกรรม/มาตรการ
    | a budget per year | หมายเหตุ. A dimension is a heading row; a mission with
    sub-missions is a row of its own in the mission column; a sub-mission (leaf) is written
    in the mission column of its first item's row, the cell left open below it for its other
    items. A heading stays with the first item under it, and the last item with its
    dimension's total (and the grand total)."""
    blocks, pending = [], []
    for dimension in doc["dimensions"]:
        pending.append({"kind": "dimension", "dimension": dimension})
        for mission in dimension["missions"]:
            if not mission["is_leaf"]:
                pending.append({"kind": "branch", "mission": mission})
                continue
            if not mission["items"]:
                blocks.append([*pending, {"kind": "empty", "mission": mission}])
                pending = []
                continue
            for index, item in enumerate(mission["items"]):
                row = {
                    "kind": "item",
                    "item": item,
                    "label": labels[item["id"]],
                    "mission": mission if index == 0 else None,
                    "last": index == len(mission["items"]) - 1,
                }
                blocks.append([*pending, row])
                pending = []
        total = {"kind": "subtotal", "dimension": dimension}
        if pending or not blocks:
            blocks.append([*pending, total])
        else:
            blocks[-1].append(total)
        pending = []
    if blocks:
        blocks[-1].append({"kind": "grand"})
    else:
        blocks.append([{"kind": "grand"}])
    return blocks


def _figure_em(amounts, *, thai_digits) -> float:
    """Room (in em, bold, with cell padding) for the widest of these amounts as printed.
    Thai digits are wider than Arabic ones."""
    text = max((baht(amount) for amount in amounts), key=len, default="")
    digits = sum(character.isdigit() for character in text)
    return digits * (0.76 if thai_digits else 0.58) + (len(text) - digits) * 0.3 + 0.8


def _money_columns(doc, *, thai_digits) -> dict:
    """Widths and font sizes of the money columns of the two landscape tables (laid out with
    fixed widths: automatic layout of a long table is slow). Figures never wrap, so when
    many years or large sums would squeeze the title column, the figures get smaller."""
    years = max(len(doc["cycle"]["fiscal_years"]), 1)
    year_em = max(_figure_em(doc["totals"].values(), thai_digits=thai_digits), 6.0)
    total_em = max(_figure_em([doc["total"]], thai_digits=thai_digits), 5.5)
    # Part 2: the mission column has 5 cm, the title keeps at least 8 cm, the note 3 cm.
    money_pt = min(12.0, (WIDE_TEXT_WIDTH_PT - 16 * CM) / (years * year_em))
    # Summary: the dimension keeps at least 4.5 cm; a count column (3.4 em) per figure.
    summary_pt = min(11.5, (WIDE_TEXT_WIDTH_PT - 4.5 * CM) / (years * (3.4 + year_em) + 3.4 + total_em))
    money_pt, summary_pt = max(money_pt, 8.0), max(summary_pt, 7.5)
    return {
        "money_font": f"{money_pt:.1f}pt",
        "no_budget_font": f"{min(money_pt, 10.0):.1f}pt",
        "year_width": f"{year_em * money_pt:.1f}pt",
        "summary_font": f"{summary_pt:.1f}pt",
        "summary_year_width": f"{year_em:.2f}em",
        "summary_total_width": f"{total_em:.2f}em",
    }


def plan_pdf_content(doc, *, version=None, thai_digits=False, numbering=Numbering.PER_MISSION) -> bytes:
    """The plan document (live or frozen) as PDF bytes."""
    labels = item_labels(doc, numbering)
    context = {
        "doc": doc,
        "version": version,
        "labels": labels,
        "part2_blocks": _part2_blocks(doc, labels),
        "columns": _money_columns(doc, thai_digits=thai_digits),
        "printed_at": timezone.now(),
    }
    return pdf.render_pdf("plans/pdf/plan.html", context, thai_digits=thai_digits)


def _file_names(doc, version) -> tuple[str, str]:
    """The Thai file name and its ASCII fallback."""
    organisation, cycle = doc["organisation"], doc["cycle"]
    stem = f"{organisation['code']}-{cycle['code']}"
    if version is None:
        name = _("แผนป้องกันการทุจริต %(org)s %(cycle)s ฉบับร่าง")
        fallback = f"plan-{stem}-draft.pdf"
    else:
        name = _("แผนป้องกันการทุจริต %(org)s %(cycle)s ฉบับที่ %(number)s")
        fallback = f"plan-{stem}-v{version.number}.pdf"
    values = {"org": organisation["display_name"], "cycle": cycle["code"], "number": getattr(version, "number", "")}
    return f"{name % values}.pdf", fallback


def _is_large(doc) -> bool:
    """Printed in the background: past this many items a plan takes more than a few seconds."""
    return doc["item_count"] > settings.PLAN_PDF_INLINE_MAX_ITEMS


def _estimate_seconds(doc) -> int:
    # Measured on 2 cores: 40 items 3 s, 160 items 9 s, 2,000 items 297 s (layout grows faster).
    items = doc["item_count"]
    return max(3, round(1 + 0.05 * items + 0.00005 * items * items))


def _expected_pages(doc) -> int:
    return doc["item_count"] // 3 + 8


def _choice_key(thai_digits, numbering) -> str:
    return f"{'thai' if thai_digits else 'arabic'}:{numbering}"


def _plan_title(doc, version) -> str:
    values = {"org": doc["organisation"]["display_name"], "cycle": doc["cycle"]["code"]}
    if version is None:
        return _("แผนปฏิบัติการป้องกันการทุจริต %(org)s %(cycle)s (ฉบับร่าง, PDF)") % values
    return _("แผนปฏิบัติการป้องกันการทุจริต %(org)s %(cycle)s ฉบับที่ %(number)s (PDF)") % {
        **values,
        "number": version.number,
    }


def version_pdf_response(request, version, *, back_url=""):
    """A submitted version as PDF, for its organisation, the staff in scope and, once its
    result is released, the public: the same file for all (a version never changes), made
    once for each choice of digits and numbering and then kept; a large plan is made in the
    background. The caller has checked who may see it."""
    doc = version.snapshot
    thai_digits, numbering = _thai_digits(request), _numbering(request)
    name, fallback = _file_names(doc, version)
    printed = jobs.Document(
        key=f"plan-pdf:version:{version.pk}:{_choice_key(thai_digits, numbering)}",
        builder=version_pdf_file,
        params={"version": version.pk, "thai_digits": thai_digits, "numbering": numbering},
        filename=name,
        fallback=fallback,
        content_type=jobs.PDF,
        title=_plan_title(doc, version),
        back_url=back_url,
        estimate_seconds=_estimate_seconds(doc),
    )
    return jobs.respond(request, printed, inline=not _is_large(doc), limit="export")


@login_required_keeping_input
def draft_pdf(request, organisation_code, cycle_code):
    """The live plan, watermarked ร่าง. What is printed is the document as it is now, so it
    is kept a day under the hash of its content: printed again unchanged, it is served at
    once; after any edit it is a new document."""
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    doc = document.build(plan)
    thai_digits, numbering = _thai_digits(request), _numbering(request)
    content = hashlib.sha256(json.dumps(doc, sort_keys=True, default=str).encode()).hexdigest()
    name, fallback = _file_names(doc, None)
    printed = jobs.Document(
        key=f"plan-pdf:draft:{plan.pk}:{content}:{_choice_key(thai_digits, numbering)}",
        builder=draft_pdf_file,
        params={"doc": doc, "thai_digits": thai_digits, "numbering": numbering},
        filename=name,
        fallback=fallback,
        content_type=jobs.PDF,
        keep=DRAFT_KEPT,
        title=_plan_title(doc, None),
        back_url=reverse("plans:overview", args=[organisation_code, cycle_code]),
        estimate_seconds=_estimate_seconds(doc),
    )
    return jobs.respond(request, printed, inline=not _is_large(doc), limit="export")


@login_required_keeping_input
def version_pdf(request, organisation_code, cycle_code, number):
    version = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, number)
    back = reverse("plans:version", args=[organisation_code, cycle_code, number])
    return version_pdf_response(request, version, back_url=back)


@jobs.builder
def version_pdf_file(progress, *, version, thai_digits, numbering) -> bytes:
    version = PlanVersion.objects.select_related("plan").get(pk=version)
    with progress.pdf_pages(expected_pages=_expected_pages(version.snapshot)):
        return plan_pdf_content(version.snapshot, version=version, thai_digits=thai_digits, numbering=numbering)


@jobs.builder
def draft_pdf_file(progress, *, doc, thai_digits, numbering) -> bytes:
    with progress.pdf_pages(expected_pages=_expected_pages(doc)):
        return plan_pdf_content(doc, thai_digits=thai_digits, numbering=numbering)


@login_required_keeping_input
@rate_limit("export")
def receipt_pdf(request, organisation_code, cycle_code, number):
    version = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, number)
    context = {"doc": version.snapshot, "version": version, "printed_at": timezone.now()}
    content = pdf.render_pdf("plans/pdf/receipt.html", context, request=request, thai_digits=_thai_digits(request))
    return pdf.pdf_response(
        content,
        _("ใบรับแผน %(receipt)s.pdf") % {"receipt": version.receipt_number},
        fallback=f"receipt-{version.receipt_number}.pdf",
    )
