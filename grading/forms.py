"""Forms of the grading pages (validation only; writes go through services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _

from grading.models import Assignment, Exercise


class SignupForm(UserCreationForm):
    pass


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_at = forms.DateTimeField(
        label=_("Due at"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    late_policy = forms.ChoiceField(label=_("Late policy"), choices=Assignment.LatePolicy.choices)
    penalty_percent_per_day = forms.IntegerField(label=_("Penalty percent per day"), min_value=0,
                                                 max_value=100, initial=0)
    attempts_limit = forms.IntegerField(label=_("Attempts limit"), min_value=0, initial=0,
                                        help_text=_("0 = unlimited"))
    score_policy = forms.ChoiceField(label=_("Score policy"),
                                     choices=Assignment.ScorePolicy.choices)


class ExerciseVersionField(forms.ModelChoiceField):
    """Exercise choices labelled with id, version and title."""

    def label_from_instance(self, obj: Exercise) -> str:
        return f"{obj.exercise_id} v{obj.version} — {obj.title}"


class ItemForm(forms.Form):
    exercise = ExerciseVersionField(label=_("Exercise"), queryset=Exercise.objects.none())
    points = forms.DecimalField(label=_("Points"), min_value=0, max_digits=7, decimal_places=2,
                                initial=10)
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def __init__(self, *args: Any, exercises: list[Exercise] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [e.pk for e in exercises or []]
        field = self.fields["exercise"]
        assert isinstance(field, forms.ModelChoiceField)  # declared above; fields is typed Field
        field.queryset = Exercise.objects.filter(pk__in=ids)


class ExerciseTextForm(forms.Form):
    yaml_text = forms.CharField(label=_("Exercise YAML"), widget=forms.Textarea(
        attrs={"rows": 30, "spellcheck": "false"}))


class ExerciseImportForm(forms.Form):
    file = forms.FileField(label=_("Exercise file"))


class OverrideForm(forms.Form):
    points = forms.FloatField(label=_("Points"), min_value=0)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RegradeForm(forms.Form):
    exercise = forms.ModelChoiceField(label=_("Exercise"), queryset=Exercise.objects.none())
