from django import forms
from django.utils.translation import gettext_lazy as _

from eplan.core.forms import sort_choices_in_thai
from eplan.registry.models import District, OrganisationType, Province


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("ชื่อหรือรหัส อปท."), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label=_("ทุกจังหวัด"),
        to_field_name="code",
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("ทุกอำเภอ"),
        to_field_name="code",
    )
    org_type = forms.ChoiceField(
        label=_("ประเภท"), required=False, choices=[("", _("ทุกประเภท")), *OrganisationType.choices]
    )
    scope = forms.ChoiceField(required=False, choices=[("", ""), ("mine", "mine")], widget=forms.HiddenInput)

    def __init__(self, *args, provinces=None, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Thai labels take no colon
        super().__init__(*args, **kwargs)
        if provinces is not None:
            self.fields["province"].queryset = provinces
        province_code = self.data.get("province") if self.is_bound else None
        if province_code:
            self.fields["district"].queryset = District.objects.filter(province_id=province_code)
        sort_choices_in_thai(self.fields["province"])
        sort_choices_in_thai(self.fields["district"])
