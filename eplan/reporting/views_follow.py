"""Offices' pages of reporting: follow-up (completeness and timeliness of a round, and who is
still missing), implementation score tables, and the rounds of a cycle. Each page shows an
area of the user's scope: provinces by NACC region, a province's districts or a district's
organisations (?region=, ?province=, ?district=; outside the scope: 404), from the
selectors' aggregate queries, so queries do not grow with the organisations shown."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eplan.accounts import scope
from eplan.accounts.areas import Area, office_area_or_404
from eplan.accounts.decorators import kept_input, login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core import tables
from eplan.core.concurrency import STATE_FIELD, StaleEdit
from eplan.core.ratelimit import rate_limit
from eplan.core.thai import thai_date, thai_datetime, thai_sort_key, thai_sorted
from eplan.frameworks.models import Cycle
from eplan.registry.models import Organisation, Region
from eplan.reporting import edits, selectors, services
from eplan.reporting.downloads import download_record
from eplan.reporting.forms import ExtensionForm, ReasonForm
from eplan.reporting.models import ExpectedOrganisation, Report, ReportState, Round
from eplan.reporting.windows import window_state

MISSING_PER_PAGE = 100
WINDOW_LABELS = {
    "not_open": gettext_lazy("ยังไม่เปิดรับรายงาน"),
    "open": gettext_lazy("เปิดรับรายงาน"),
    "late": gettext_lazy("เลยกำหนดส่ง ยังรับรายงาน (นับเป็นส่งช้า)"),
    "extended": gettext_lazy("ส่งได้ตามที่ขยายเวลา"),
    "closed": gettext_lazy("ปิดรับรายงานแล้ว"),
}


# action posted on the follow-up page → (form, prefix of its fields)
MANAGE_ACTIONS = {
    "extension": (ExtensionForm, "extension"),
    "expected_add": (ReasonForm, "expected"),
    "expected_remove": (ReasonForm, "expected"),
    "reopen": (ReasonForm, "reopen"),
}


def _refused(form, error: ValidationError):
    """Put a service's refusal on the form, each message on the field it names."""
    if hasattr(error, "error_dict"):
        for key, found in error.message_dict.items():
            form.add_error(key if key in form.fields else None, found)
    else:
        form.add_error(None, error.messages)


# The area a page shows ------------------------------------------------------------------


@dataclass
class Group:
    """A row of an area's table: a province or a district, and its figures."""

    code: str
    name: str
    query: str
    region: Region | None = None
    figures: object = None
    line: object = None  # the organisation's standing, in a table of organisations


@dataclass
class RegionBlock:
    region: Region | None
    total: object
    groups: list = field(default_factory=list)


def _groups(area: Area) -> list[Group]:
    """The provinces (by region, then name) or the districts (by code) of the area."""
    if area.level == "province":
        provinces = area.provinces.filter(region=area.region) if area.region else area.provinces
        ordered = sorted(provinces, key=lambda p: (p.region_id or 99, thai_sort_key(p.name_th)))
        return [Group(p.code, p.name_th, urlencode({"province": p.code}), region=p.region) for p in ordered]
    districts = area.districts.filter(province=area.province).order_by("code")
    return [
        Group(d.code, d.name_th, urlencode({"province": area.province.code, "district": d.code})) for d in districts
    ]


def _region_blocks(groups, empty, add, *, measure) -> tuple[list[RegionBlock], list[RegionBlock]]:
    """Provinces under their NACC region, with each region's subtotal: the regions with
    organisations to report, and those without (named only, not tabled)."""
    blocks: dict = {}
    for group in groups:
        number = group.region.number if group.region else None
        block = blocks.setdefault(number, RegionBlock(region=group.region, total=empty()))
        block.groups.append(group)
        add(block.total, group.figures)
    shown = [block for block in blocks.values() if measure(block.total)]
    return shown, [block for block in blocks.values() if not measure(block.total)]


def _add_completeness(total: selectors.Completeness, other: selectors.Completeness):
    for name in ("expected", "submitted", "on_time", "late", "drafts"):
        setattr(total, name, getattr(total, name) + getattr(other, name))


def _round_or_404(cycle_code, round_code) -> Round:
    return selectors.round_or_404(get_object_or_404(Cycle, code=cycle_code), round_code)


def _page_context(request, round: Round, area: Area) -> dict:
    window = window_state(round)
    return {
        "filter_provinces": thai_sorted(area.provinces, key=lambda p: p.name_th) if area.several_provinces else [],
        "filter_districts": area.districts.filter(province=area.province).order_by("code") if area.province else [],
        "cycle": round.cycle,
        "round": round,
        "area": area,
        "window": window,
        "window_label": WINDOW_LABELS[window],
        "round_title": selectors.round_title(round),
        "list_note": services.expected_list_note(round),
    }


# Follow-up: completeness and timeliness -------------------------------------------------


@dataclass
class OrganisationLine:
    """An organisation of the area, its standing in the round (selectors.standings) and what
    the page shows beside it (when it sent, until when it may send)."""

    organisation: Organisation
    standing: selectors.ReportStanding
    expected: ExpectedOrganisation | None
    report: Report | None

    @property
    def reopened(self) -> bool:
        return bool(self.report and self.report.first_submitted_at and self.report.state == ReportState.DRAFT)


def _organisation_lines(round, organisations) -> list[OrganisationLine]:
    standings = selectors.standings(round, organisations)
    expected = {
        row.organisation_id: row
        for row in ExpectedOrganisation.objects.filter(round=round, organisation__in=organisations)
    }
    reports = {row.organisation_id: row for row in Report.objects.filter(round=round, organisation__in=organisations)}
    return [
        OrganisationLine(
            organisation, standings[organisation.pk], expected.get(organisation.pk), reports.get(organisation.pk)
        )
        for organisation in organisations.select_related("profile", "province", "district").order_by("code")
    ]


def _drafts(round, organisations) -> set:
    """Organisations of the area still missing whose report is begun and never sent."""
    missing = Organisation.objects.filter(
        pk__in=selectors.missing_organisations(round, organisations).values("organisation_id")
    )
    return {
        pk for pk, standing in selectors.standings(round, missing).items() if standing == selectors.ReportStanding.DRAFT
    }


def _panel(request, round, data=None, failed=None) -> dict | None:
    """One organisation's standing in the round and, for NACC offices, the forms to grant an
    extension, put it on or take it off the list, or reopen its report."""
    code = (data or {}).get("organisation") or request.GET.get("organisation", "").strip()
    if not code:
        return None
    organisation = scope.organisation_for_user_or_404(request.user, code, Capability.VIEW)
    [line] = _organisation_lines(round, Organisation.objects.filter(pk=organisation.pk))
    bound = MANAGE_ACTIONS.get((data or {}).get("action", ""), (None, None))[1]
    forms_ = {
        prefix: form_class(data if prefix == bound else None, prefix=prefix)
        for form_class, prefix in MANAGE_ACTIONS.values()
    }
    if failed is not None:
        forms_[bound] = failed
    stale = getattr(failed, "stale", None)
    # After a refusal the form keeps the token it was sent with, so a newer change made
    # meanwhile is still caught; after a refusal for exactly that, the token of what is
    # stored now (the office has seen both).
    token = data.get(STATE_FIELD, "") if failed is not None and stale is None else edits.expected_token(line.expected)
    return {
        "line": line,
        "may_manage": scope.has_capability(request.user, Capability.MANAGE_REPORTS, organisation),
        "forms": forms_,
        "failed": bound if failed is not None else "",
        "token": token,
        "conflict": stale,
    }


def _manage(request, round):
    """Apply one NACC office action: (redirect, None) when done, (None, refused form) when not."""
    action = request.POST.get("action", "")
    if action not in MANAGE_ACTIONS:
        raise Http404
    organisation = scope.organisation_for_user_or_404(
        request.user, request.POST.get("organisation", ""), Capability.MANAGE_REPORTS
    )
    form_class, prefix = MANAGE_ACTIONS[action]
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return None, form
    actor, reason, name = request.user, form.cleaned_data["reason"], organisation.display_name
    seen = request.POST.get(STATE_FIELD, "")
    try:
        if action == "extension":
            until = form.cleaned_data["until"]
            services.extension_grant(
                actor=actor, round=round, organisation=organisation, until=until, reason=reason, seen=seen
            )
            done = _("ขยายเวลาให้ %(name)s ถึงวันที่ %(date)s แล้ว") % {"name": name, "date": thai_date(until)}
        elif action == "reopen":
            report = Report.objects.filter(round=round, organisation=organisation).first()
            if report is None:
                raise ValidationError(_("อปท. นี้ยังไม่ได้เริ่มรายงานรอบนี้"))
            services.report_reopen(actor=actor, report=report, reason=reason)
            done = _("เปิดรายงานของ %(name)s ให้แก้ไขแล้ว") % {"name": name}
        else:
            listed = action == "expected_add"
            services.expected_change(
                actor=actor, round=round, organisation=organisation, expected=listed, reason=reason, seen=seen
            )
            done = _("เพิ่ม %(name)s เข้ารายชื่อ อปท. ที่ต้องรายงานแล้ว") if listed else _("นำ %(name)s ออกจากรายชื่อแล้ว")
            done %= {"name": name}
    except PermissionDenied:
        raise Http404 from None
    except StaleEdit as stale:
        typed = {"extended_until": form.cleaned_data.get("until")} if action == "extension" else {}
        form.stale = {
            "message": " ".join(stale.messages),
            "fields": edits.conflicts(stale.current, typed, model=ExpectedOrganisation),
        }
        return None, form
    except ValidationError as error:
        _refused(form, error)
        return None, form
    messages.success(request, done)
    return redirect(request.get_full_path()), None


@dataclass
class CompletenessTable:
    """The follow-up page's table: provinces (under their regions) or districts with their
    completeness, or, in a district, its organisations and their standing."""

    total: selectors.Completeness
    groups: list = field(default_factory=list)
    blocks: list | None = None
    empty_blocks: list = field(default_factory=list)
    lines: list | None = None


def _completeness_table(round, area: Area) -> CompletenessTable:
    table = CompletenessTable(total=selectors.completeness(round, area.organisations))
    if area.level == "organisation":
        table.lines = _organisation_lines(round, area.organisations)
        return table
    table.groups = _groups(area)
    figures = selectors.completeness(round, area.organisations, group_by=area.level)
    for group in table.groups:
        group.figures = figures.get(group.code, selectors.Completeness())
    if area.level == "province":
        table.blocks, table.empty_blocks = _region_blocks(
            table.groups, selectors.Completeness, _add_completeness, measure=lambda total: total.expected
        )
    return table


@login_required_keeping_input
def follow_up(request, cycle_code, round_code):
    area = office_area_or_404(request)
    round = _round_or_404(cycle_code, round_code)
    data, failed = kept_input(request), None
    if request.method == "POST":
        done, failed = _manage(request, round)
        if done is not None:
            return done
        data = request.POST
    table = _completeness_table(round, area)
    missing = Paginator(selectors.missing_organisations(round, area.organisations), MISSING_PER_PAGE)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("organisation", None)
    context = {
        **_page_context(request, round, area),
        "total": table.total,
        "bar": _bar(table.total),
        "groups": table.groups,
        "blocks": table.blocks,
        "empty_blocks": table.empty_blocks,
        "lines": table.lines,
        "page": missing.get_page(request.GET.get("page")),
        "drafts": _drafts(round, area.organisations),
        "query": query.urlencode(),
        "panel": _panel(request, round, data, failed),
        "may_manage": scope.has_capability(request.user, Capability.MANAGE_REPORTS),
    }
    return render(request, "reporting/follow_up.html", context, status=422 if failed is not None else 200)


def _bar(total: selectors.Completeness) -> list[dict]:
    """The shares of on time, late, begun and not begun, for the bar above the figures."""
    parts = (("on_time", total.on_time), ("late", total.late), ("draft", total.drafts))
    parts += (("missing", total.missing - total.drafts),)
    return [{"state": state, "percent": total.rate(count)} for state, count in parts if count]


# Downloads of the follow-up page's tables (core.tables: XLSX or CSV, ?format=) ----------


def _round_filters(round: Round) -> list[tuple[str, str]]:
    return [(_("รอบแผน"), round.cycle.title), (_("รอบรายงาน"), selectors.round_title(round))]


def _format_or_404(request) -> str:
    fmt = tables.format_of(request)
    if fmt is None:
        raise Http404
    return fmt


@login_required
@rate_limit("export")
def missing_xlsx(request, cycle_code, round_code):
    """The organisations of the area still missing, with whom to phone (XLSX or CSV; the
    download is audited)."""
    area = office_area_or_404(request)
    round = _round_or_404(cycle_code, round_code)
    fmt = _format_or_404(request)
    rows = list(selectors.missing_organisations(round, area.organisations))
    standings = selectors.standings(round, Organisation.objects.filter(pk__in=[row.organisation_id for row in rows]))
    with translation.override("th"):  # a document passed around between offices: in Thai
        lines = []
        for number, row in enumerate(rows, start=1):
            organisation = row.organisation
            profile = getattr(organisation, "profile", None)
            contact = [
                getattr(profile, name, "") for name in ("coordinator_name", "coordinator_position", "phone", "email")
            ]
            place = [organisation.province.name_th, organisation.district.name_th, organisation.code]
            standing = str(standings[organisation.pk].label)
            lines.append([number, *place, organisation.display_name, standing, thai_date(row.extended_until), *contact])
        table = tables.Table(
            title=_("อปท. ที่ยังไม่ส่งรายงานผลการดำเนินงาน %(round)s") % {"round": selectors.round_title(round)},
            columns=[
                tables.Column(_("ลำดับ"), "int", 7),
                tables.Column(_("จังหวัด"), width=16),
                tables.Column(_("อำเภอ"), width=16),
                tables.Column(_("รหัส อปท."), "code"),
                tables.Column(_("ชื่อ อปท."), width=26),
                tables.Column(_("สถานะ"), width=18),
                tables.Column(_("ขยายเวลาถึง"), "date"),
                tables.Column(_("ผู้ประสานงาน")),
                tables.Column(_("ตำแหน่ง"), width=22),
                tables.Column(_("โทรศัพท์"), width=16),
                tables.Column(_("อีเมล"), width=28),
            ],
            rows=lines,
            filters=[*_round_filters(round), *area.filters],
            sheet_name=_("อปท. ที่ยังไม่ส่งรายงาน"),
        )
        names = {"cycle": round.cycle.code, "round": round.code, "area": area.name}
        filename = _("อปท. ที่ยังไม่ส่งรายงาน %(cycle)s %(round)s %(area)s") % names
        response = tables.download(table, fmt, filename, fallback=f"missing-{round.cycle.code}-{round.code}")
    download_record(
        actor=request.user,
        what="missing_xlsx" if fmt == "xlsx" else "missing_csv",
        obj=round,
        province_code=area.province.code if area.province else "",
        area=area.name,
        query=area.query,
        organisations=len(rows),
    )
    return response


def _completeness_cells(figures: selectors.Completeness) -> list:
    def share(count):
        rate = figures.rate(count)
        return None if rate is None else rate / 100

    return [
        figures.expected,
        figures.submitted,
        share(figures.submitted),
        figures.on_time,
        figures.late,
        figures.drafts,
        figures.missing,
        share(figures.missing),
    ]


COMPLETENESS_COLUMNS = (
    (gettext_lazy("ต้องรายงาน"), "int"),
    (gettext_lazy("ส่งแล้ว"), "int"),
    (gettext_lazy("ร้อยละส่งแล้ว"), "percent"),
    (gettext_lazy("ตรงเวลา"), "int"),
    (gettext_lazy("ส่งช้า"), "int"),
    (gettext_lazy("ร่าง"), "int"),
    (gettext_lazy("ยังไม่ส่ง"), "int"),
    (gettext_lazy("ร้อยละยังไม่ส่ง"), "percent"),
)


@login_required
@rate_limit("export")
def completeness_download(request, cycle_code, round_code):
    """The follow-up page's table as a file (XLSX or CSV): the area's provinces (with their
    region) or districts and their completeness, with the area's total; in a district, its
    organisations and their standing."""
    area = office_area_or_404(request)
    round = _round_or_404(cycle_code, round_code)
    fmt = _format_or_404(request)
    table = _completeness_table(round, area)
    with translation.override("th"):
        if table.lines is not None:
            columns = [
                tables.Column(_("รหัส อปท."), "code"),
                tables.Column(_("ชื่อ อปท."), width=26),
                tables.Column(_("สถานะ"), width=22),
                tables.Column(_("ส่งเมื่อ"), width=18),
                tables.Column(_("ขยายเวลาถึง"), "date"),
            ]
            rows = [
                [
                    line.organisation.code,
                    line.organisation.display_name,
                    str(line.standing.label),
                    thai_datetime(line.report.first_submitted_at)
                    if line.report and line.report.first_submitted_at
                    else "",
                    thai_date(line.expected.extended_until) if line.expected else "",
                ]
                for line in table.lines
            ]
        else:
            by_province = area.level == "province"
            place = [tables.Column(_("ภาค"), width=16)] if by_province else []
            place += [tables.Column(_("รหัส"), "code"), tables.Column(_("จังหวัด") if by_province else _("อำเภอ"))]
            columns = place + [tables.Column(str(label), kind) for label, kind in COMPLETENESS_COLUMNS]
            rows = []
            for group in table.groups:
                region = [group.region.name_th if group.region else _("ยังไม่กำหนดภาค")] if by_province else []
                rows.append([*region, group.code, group.name, *_completeness_cells(group.figures)])
            total = [""] if by_province else []
            rows.append([*total, "", _("รวม %(area)s") % {"area": area.name}, *_completeness_cells(table.total)])
        title = _("การส่งรายงานผลการดำเนินงาน %(round)s") % {"round": selectors.round_title(round)}
        names = {"cycle": round.cycle.code, "round": round.code, "area": area.name}
        download = tables.Table(
            title=title,
            columns=columns,
            rows=rows,
            filters=[*_round_filters(round), *area.filters],
            sheet_name=_("การส่งรายงาน"),
        )
        filename = _("การส่งรายงาน %(cycle)s %(round)s %(area)s") % names
        return tables.download(download, fmt, filename, fallback=f"completeness-{round.cycle.code}-{round.code}")


# Implementation scores ------------------------------------------------------------------


@dataclass
class Scores:
    """The implementation tally of a group of organisations and its colour band."""

    kind: str
    tally: selectors.Tally = field(default_factory=selectors.Tally)
    organisations: int = 0

    def add(self, other: "Scores"):
        self.tally.add(other.tally)
        self.organisations += other.organisations

    @property
    def band(self) -> str:
        return selectors.band(self.kind, self.tally.score)


@login_required
def scores(request, cycle_code, round_code):
    area = office_area_or_404(request)
    round = _round_or_404(cycle_code, round_code)
    tallies = selectors.scores_by_organisation(round, area.organisations)
    total = Scores(kind=round.kind)
    groups, blocks, empty_blocks = [], None, []
    if area.level == "organisation":
        for line in _organisation_lines(round, area.organisations):
            if line.standing not in (selectors.ReportStanding.NOT_EXPECTED, selectors.ReportStanding.REMOVED):
                figures = Scores(kind=round.kind, tally=tallies[line.organisation.pk], organisations=1)
                name = line.organisation.display_name
                groups.append(Group(line.organisation.code, name, "", figures=figures, line=line))
    else:
        key = {"province": "organisation__province_id", "district": "organisation__district_id"}[area.level]
        place_of = dict(selectors.expected_in(round, area.organisations).values_list("organisation_id", key))
        figures: dict = {}
        for organisation_id, tally in tallies.items():
            figures.setdefault(place_of[organisation_id], Scores(kind=round.kind)).add(
                Scores(kind=round.kind, tally=tally, organisations=1)
            )
        groups = _groups(area)
        for group in groups:
            group.figures = figures.get(group.code, Scores(kind=round.kind))
        if area.level == "province":
            blocks, empty_blocks = _region_blocks(
                groups, lambda: Scores(kind=round.kind), Scores.add, measure=lambda total: total.organisations
            )
    for group in groups:
        total.add(group.figures)
    green, orange = selectors.BANDS[round.kind]
    context = {
        **_page_context(request, round, area),
        "groups": groups,
        "blocks": blocks,
        "empty_blocks": empty_blocks,
        "total": total,
        "legend": {"green": green, "orange": orange, "orange_to": green - 1},
    }
    return render(request, "reporting/follow_scores.html", context)


urlpatterns = [
    path("follow-up/<str:cycle_code>/<str:round_code>/", follow_up, name="follow_up"),
    path(
        "follow-up/<str:cycle_code>/<str:round_code>/missing.xlsx",
        require_safe(missing_xlsx),
        name="follow_up_missing_xlsx",
    ),
    path(
        "follow-up/<str:cycle_code>/<str:round_code>/completeness.xlsx",
        require_safe(completeness_download),
        name="follow_up_completeness",
    ),
    path("scores/<str:cycle_code>/<str:round_code>/", require_safe(scores), name="scores"),
]
