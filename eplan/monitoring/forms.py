"""Forms of the supervision pages. The services say what is wrong in one place for pages
and API alike; the forms only read what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eplan.core.thai import thai_sort_key

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, organisation):
        return f"{organisation.display_name} ({organisation.district.name_th}) {organisation.code}"


class VisitForm(forms.Form):
    date = forms.DateField(label=_("วันที่นิเทศ"), widget=DATE)
    place = forms.CharField(label=_("สถานที่"), max_length=300)
    team = forms.CharField(
        label=_("คณะนิเทศ"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("ชื่อและตำแหน่ง บรรทัดละหนึ่งคน"),
    )
    organisations = OrganisationChoices(
        label=_("อปท. ที่นิเทศ"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("เลือกหนึ่งแห่งสำหรับการลงพื้นที่ หรือหลายแห่งสำหรับการประชุมระดับจังหวัด"),
        error_messages={"invalid_choice": _("อปท. ที่เลือกไม่อยู่ในรายการ"), "invalid_pk_value": _("อปท. ที่เลือกไม่ถูกต้อง")},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisations"]
        field.queryset = organisations.select_related("district")
        ordered = sorted(field.queryset, key=lambda o: (o.district_id, thai_sort_key(o.name)))
        field.choices = [(o.pk, field.label_from_instance(o)) for o in ordered]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผล"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("ข้อเสนอแนะ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("กำหนดดำเนินการภายใน"), required=False, widget=DATE)


class AnswerForm(forms.Form):
    action_taken = forms.CharField(label=_("การดำเนินการ"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label=_("หลักฐาน (PDF, JPG หรือ PNG)"), required=False)


class ChecklistForm(forms.Form):
    items = forms.CharField(
        label=_("รายการตรวจ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("บรรทัดละหนึ่งรายการ ตามลำดับ"),
    )
