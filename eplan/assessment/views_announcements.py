"""Central administrators publish the status announcement of a cycle (ประกาศผลการจัดทำแผน
ปฏิบัติการป้องกันการทุจริต ณ วันที่ …): the page shows today's counts first, then asks for
the title, a note and a confirmation. Everyone else is answered 404."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts import scope
from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.assessment import services
from eplan.assessment import status as status_module
from eplan.assessment.models import Announcement, PublicStatus
from eplan.assessment.selectors import status_counts
from eplan.core.http import refused_is_not_found
from eplan.frameworks.models import Cycle
from eplan.registry.models import Organisation

DEFAULT_TITLE = gettext_lazy("ผลการจัดทำแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น")


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("เรื่อง"), max_length=300, initial=DEFAULT_TITLE)
    note = forms.CharField(
        label=gettext_lazy("หมายเหตุ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("แสดงในประกาศ เช่น ข้อสังเกตหรือกำหนดการครั้งต่อไป"),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("ยืนยันการออกประกาศ: สถานะของ อปท. ทุกแห่ง ณ ขณะนี้จะถูกบันทึกและเผยแพร่ต่อสาธารณะ แก้ไขภายหลังไม่ได้"),
        error_messages={"required": gettext_lazy("กรุณายืนยันก่อนออกประกาศ")},
    )


@login_required_keeping_input
@refused_is_not_found
def announcement_publish(request, cycle_code):
    if not scope.is_national(request.user, Capability.PUBLISH_ANNOUNCEMENT):
        raise Http404
    cycle = get_object_or_404(Cycle, code=cycle_code)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        announcement = services.announcement_publish(
            actor=request.user, cycle=cycle, title=form.cleaned_data["title"], note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("ออกประกาศครั้งที่ %(number)s แล้ว (อปท. %(count)s แห่ง)")
            % {"number": announcement.number, "count": f"{sum(announcement.counts.values()):,}"},
        )
        return redirect("public:announcement", cycle.code, announcement.number)
    counts = status_counts(cycle, Organisation.objects.filter(active=True)).total
    last = Announcement.objects.filter(cycle=cycle).order_by("-number").first()
    total = sum(counts.values())
    rows = [
        {
            "label": label,
            "count": counts[value],
            "percent": 100.0 * counts[value] / total if total else None,
            "last": last.counts.get(value, 0) if last else None,
        }
        for value, label in PublicStatus.choices
    ]
    return render(
        request,
        "assessment/announcement_publish.html",
        {
            "cycle": cycle,
            "form": form,
            "rows": rows,
            "total": total,
            "last": last,
            "last_total": sum(last.counts.values()) if last else None,
            "released": status_module.is_released(cycle),
        },
    )
