"""Roster, workforce and activity forms: they parse what people type; the services apply the rules."""

from django import forms
from django.utils.text import capfirst

from unionreport.entry.forms import ScopedModelForm
from unionreport.lib.forms import FieldLimits, VietnameseDateField, VietnameseIntegerField
from unionreport.lib.years import YearField
from unionreport.members.models import Activity, Member, Workforce
from unionreport.units.models import Unit

GRASSROOTS = (Unit.Level.GRASSROOTS,)


class MemberForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    unit_levels = GRASSROOTS
    birth_year = forms.IntegerField(label="Năm sinh", error_messages={"invalid": "Năm sinh phải là số, ví dụ 1990."})
    joined_on = VietnameseDateField(label="Ngày vào công đoàn")
    left_on = VietnameseDateField(label="Ngày ra khỏi công đoàn", required=False)

    class Meta:
        model = Member
        fields = ["unit", "card_number", "full_name", "sex", "birth_year", "joined_on", "left_on"]
        labels = {"card_number": "Số thẻ đoàn viên", "full_name": "Họ và tên", "sex": "Giới tính"}


def _int_fields(model, names):
    return {name: VietnameseIntegerField(label=capfirst(str(model._meta.get_field(name).verbose_name)))
            for name in names}


WORKFORCE_NUMBERS = ["total_workers", "female_workers", "with_contract", "with_social_insurance", "underemployed",
                     "average_income_vnd", "wage_arrears_vnd", "insurance_arrears_vnd", "accidents",
                     "accident_deaths", "collective_disputes"]
ACTIVITY_NUMBERS = ["dialogues", "training_classes", "trainees", "party_introduced", "party_admitted"]


class WorkforceForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    unit_levels = GRASSROOTS
    year = YearField(up_to_this_year=True)

    class Meta:
        model = Workforce
        fields = ["unit", "year", *WORKFORCE_NUMBERS]


class ActivityForm(FieldLimits, ScopedModelForm, forms.ModelForm):
    unit_levels = GRASSROOTS
    year = YearField(up_to_this_year=True)

    class Meta:
        model = Activity
        fields = ["unit", "year", "dialogues", "workers_conference", "collective_agreement", "training_classes",
                  "trainees", "party_introduced", "party_admitted"]
        labels = {"workers_conference": "Tổ chức Hội nghị người lao động",
                  "collective_agreement": "Ký kết thỏa ước lao động tập thể"}


# Counts and money typed the Vietnamese way (1.500.000), labelled like the model.
WorkforceForm.base_fields.update(_int_fields(Workforce, WORKFORCE_NUMBERS))
ActivityForm.base_fields.update(_int_fields(Activity, ACTIVITY_NUMBERS))
