from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eplan.core.money import NO_BUDGET, parse_budget
from eplan.frameworks.checks import PART1_SECTIONS
from eplan.plans.models import ItemKind, Plan, PlanItem
from eplan.plans.titles import strip_leading_number


class Part1Form(forms.ModelForm):
    """Part 1 (บทนำ) with what comes before it in a real plan: the document's own title,
    the foreword and the notice adopting the plan (all optional)."""

    class Meta:
        model = Plan
        fields = [*Plan.FRONT_FIELDS, *Plan.ADOPTION_FIELDS, *Plan.PART1_FIELDS]
        widgets = {
            **{name: forms.Textarea(attrs={"rows": 8}) for name in Plan.PART1_FIELDS},
            "foreword": forms.Textarea(attrs={"rows": 6}),
            "adoption_text": forms.Textarea(attrs={"rows": 6}),
            "adoption_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, (name, title) in enumerate(PART1_SECTIONS.items(), start=1):
            self.fields[name].label = f"{index}. {title}"
        self.fields["adoption_date"].help_text = _("วันที่เป็น ค.ศ. ตามปฏิทินของเบราว์เซอร์ เอกสารแสดงเป็น พ.ศ.")

    @property
    def front_fields(self):
        return [self[name] for name in Plan.FRONT_FIELDS]

    @property
    def adoption_fields(self):
        return [self[name] for name in Plan.ADOPTION_FIELDS]

    @property
    def part1_fields(self):
        return [self[name] for name in Plan.PART1_FIELDS]


class ItemForm(forms.Form):
    """One item: its mission, Part 2 fields with a budget per fiscal year, and Part 3."""

    # Validated against the leaves in clean_mission, so the message can say what to pick.
    mission = forms.CharField(label=_("ภารกิจ"), widget=forms.Select)
    kind = forms.ChoiceField(label=_("ประเภท"), choices=ItemKind.choices)
    title = forms.CharField(
        label=_("ชื่อโครงการ/กิจกรรม/มาตรการ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    quarters = forms.TypedMultipleChoiceField(
        label=_("ไตรมาสที่ดำเนินการ"),
        choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4")],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    target_groups = forms.MultipleChoiceField(
        label=_("กลุ่มเป้าหมาย"), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("หมายเหตุ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    rationale = forms.CharField(label=_("หลักการและเหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    objectives = forms.CharField(label=_("วัตถุประสงค์"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outputs = forms.CharField(label=_("เป้าหมาย/ผลผลิต"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    area = forms.CharField(label=_("พื้นที่ดำเนินการ"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.CharField(label=_("วิธีดำเนินการ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    duration = forms.CharField(label=_("ระยะเวลาดำเนินการ"), required=False, max_length=300)
    responsible_unit = forms.CharField(label=_("หน่วยงานรับผิดชอบ"), required=False, max_length=300)
    indicators = forms.CharField(
        label=_("ตัวชี้วัด/ผลลัพธ์"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("วัดได้ เช่น ร้อยละ 80 ของผู้เข้าร่วมโครงการมีความรู้เพิ่มขึ้น"),
    )

    def __init__(self, *args, plan, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.years = plan.cycle.fiscal_years
        self.leaves = {str(mission.pk): mission for mission in framework.leaves}
        self.fields["mission"].widget.choices = [("", _("— เลือกภารกิจ —"))] + [
            (str(mission.pk), f"{mission.code} {mission.title[:90]}") for mission in framework.leaves
        ]
        self.fields["target_groups"].choices = [(group, group) for group in plan.cycle.target_groups or []]
        for year in self.years:
            self.fields[f"budget_{year}"] = forms.CharField(
                label=_("ปี %(year)s") % {"year": year},
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "list": "budget-options", "class": "budget", "autocomplete": "off"}
                ),
            )

    @property
    def budget_fields(self):
        return [self[f"budget_{year}"] for year in self.years]

    @property
    def part3_fields(self):
        return [self[name] for name in PlanItem.PART3_FIELDS]

    def clean_title(self):
        return strip_leading_number(self.cleaned_data["title"])

    def clean_mission(self):
        value = self.cleaned_data["mission"]
        if value not in self.leaves:
            raise ValidationError(_("เลือกภารกิจย่อย (ภารกิจที่ไม่มีภารกิจย่อยอีก) ที่รายการนี้อยู่"))
        return self.leaves[value]

    def clean(self):
        cleaned = super().clean()
        budgets = {}
        for year in self.years:
            try:
                budgets[year] = parse_budget(cleaned.get(f"budget_{year}"))
            except ValueError as error:
                self.add_error(f"budget_{year}", str(error))
        cleaned["budgets"] = budgets
        if not self.errors and not any(value is not None for value in budgets.values()):
            self.add_error(None, _("ใส่งบประมาณหรือ %(no_budget)s อย่างน้อยหนึ่งปีที่ดำเนินการ") % {"no_budget": NO_BUDGET})
        return cleaned

    @property
    def item_fields(self):
        data = self.cleaned_data
        return {name: data.get(name) for name in PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS}

    @classmethod
    def initial_for(cls, item):
        initial = {name: getattr(item, name) for name in PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS}
        initial["mission"] = str(item.mission_id or "")
        for budget in item.budgets.all():
            initial[f"budget_{budget.fiscal_year}"] = NO_BUDGET if budget.no_budget else f"{budget.amount:,.2f}"
        return initial


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ส่งกลับและสิ่งที่ต้องแก้ไข"), widget=forms.Textarea(attrs={"rows": 4}), min_length=10
    )
