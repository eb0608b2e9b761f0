"""The plan as an official PDF document, and the receipt of a submission (ใบรับแผน).

A submitted version prints from its frozen snapshot, never from the live plan, so the PDF
is exactly what was sent. The live plan prints as a draft, watermarked ร่าง. The links to a
PDF offer its two choices openly (plans/_pdf_choices.html): `digits=thai` sets every number
in Thai digits, as official documents use them, and `numbering=dimension` numbers items
through each dimension instead of 1), 2), … within each sub-mission.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts.decorators import login_required_keeping_input
from eplan.core import pdf
from eplan.core.thai import baht
from eplan.plans import document, selectors
from eplan.plans.titles import Numbering, item_labels

CM = 72 / 2.54  # points
# The width of the text on a landscape page: A4 less the margins of `@page wide` in
# plans/pdf/plan.css (keep the two in step).
WIDE_TEXT_WIDTH_PT = (29.7 - 2.0 - 1.5) * CM


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


def plan_pdf_response(request, doc, *, version=None):
    organisation, cycle = doc["organisation"], doc["cycle"]
    thai_digits = _thai_digits(request)
    labels = item_labels(doc, _numbering(request))
    context = {
        "doc": doc,
        "version": version,
        "labels": labels,
        "part2_blocks": _part2_blocks(doc, labels),
        "columns": _money_columns(doc, thai_digits=thai_digits),
        "printed_at": timezone.now(),
    }
    content = pdf.render_pdf("plans/pdf/plan.html", context, request=request, thai_digits=thai_digits)
    stem = f"{organisation['code']}-{cycle['code']}"
    if version is None:
        name = _("แผนป้องกันการทุจริต %(org)s %(cycle)s ฉบับร่าง")
        fallback = f"plan-{stem}-draft.pdf"
    else:
        name = _("แผนป้องกันการทุจริต %(org)s %(cycle)s ฉบับที่ %(number)s")
        fallback = f"plan-{stem}-v{version.number}.pdf"
    values = {"org": organisation["display_name"], "cycle": cycle["code"], "number": getattr(version, "number", "")}
    return pdf.pdf_response(content, f"{name % values}.pdf", fallback=fallback)


@login_required_keeping_input
def draft_pdf(request, organisation_code, cycle_code):
    plan = selectors.plan_for_user_or_404(request.user, organisation_code, cycle_code)
    return plan_pdf_response(request, document.build(plan))


@login_required_keeping_input
def version_pdf(request, organisation_code, cycle_code, number):
    version = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, number)
    return plan_pdf_response(request, version.snapshot, version=version)


@login_required_keeping_input
def receipt_pdf(request, organisation_code, cycle_code, number):
    version = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, number)
    context = {"doc": version.snapshot, "version": version, "printed_at": timezone.now()}
    content = pdf.render_pdf("plans/pdf/receipt.html", context, request=request, thai_digits=_thai_digits(request))
    return pdf.pdf_response(
        content,
        _("ใบรับแผน %(receipt)s.pdf") % {"receipt": version.receipt_number},
        fallback=f"receipt-{version.receipt_number}.pdf",
    )
