"""Forms of the grading pages (validation only; writes go through services)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core import validators
from django.utils.translation import gettext_lazy as _

from grading import deadlines
from grading.models import Assignment, Exercise


class SignupForm(UserCreationForm):
    pass


def _zone(name: str) -> str:
    """An IANA zone name, else the form error saying so."""
    try:
        deadlines.zone_get(name)
    except deadlines.DeadlineError as error:
        raise forms.ValidationError(str(error)) from error
    return name


class CourseForm(forms.Form):
    name = forms.CharField(max_length=200)
    time_zone = forms.CharField(
        max_length=64, required=False, label=_("Time zone"),
        help_text=_("Due dates are entered and shown in this zone, e.g. Asia/Seoul."))

    def clean_time_zone(self) -> str:
        name = str(self.cleaned_data["time_zone"]).strip()
        return _zone(name) if name else ""  # empty: the site's default zone


class CourseZoneForm(forms.Form):
    time_zone = forms.CharField(max_length=64, label=_("Time zone"))

    def clean_time_zone(self) -> str:
        return _zone(str(self.cleaned_data["time_zone"]).strip())


_LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ExtensionForm(forms.Form):
    """A learner's own due date, in the course's zone (the view activates it)."""

    user = forms.ModelChoiceField(queryset=None, label=_("Learner"))  # type: ignore[arg-type]
    item = forms.ModelChoiceField(queryset=None, required=False,  # type: ignore[arg-type]
                                  label=_("Exercise (empty: the whole assignment)"))
    due_at = forms.DateTimeField(label=_("New due date"), widget=_LOCAL_INPUT)

    def __init__(self, *args: object, assignment: Assignment, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = assignment.course.learners.order_by("username")
        self.fields["item"].queryset = assignment.items.select_related("exercise")


class CoInstructorForm(forms.Form):
    username = forms.CharField(max_length=150, label=_("Instructor's user name"))


class AssignmentForm(forms.Form):
    title = forms.CharField(max_length=200)
    due_at = forms.DateTimeField(required=False, widget=_LOCAL_INPUT)
    late_policy = forms.ChoiceField(choices=Assignment.LatePolicy.choices)
    penalty_percent_per_day = forms.IntegerField(min_value=0, max_value=100, initial=0)
    attempts_limit = forms.IntegerField(min_value=0, initial=0, help_text="0 = unlimited")
    score_policy = forms.ChoiceField(choices=Assignment.ScorePolicy.choices)


class ItemForm(forms.Form):
    exercise = forms.ModelChoiceField(queryset=Exercise.objects.none())
    points = forms.DecimalField(min_value=0, max_digits=7, decimal_places=2, initial=10)
    order = forms.IntegerField(min_value=0, required=False)

    def __init__(self, *args: object, exercises: list[Exercise] | None = None,
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        ids = [e.pk for e in exercises or []]
        field = self.fields["exercise"]
        field.queryset = Exercise.objects.filter(pk__in=ids)
        field.label_from_instance = lambda e: f"{e.exercise_id} v{e.version} — {e.title}"


class ExerciseTextForm(forms.Form):
    yaml_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}))


class ExerciseImportForm(forms.Form):
    file = forms.FileField()


class OverrideForm(forms.Form):
    points = forms.FloatField(min_value=0)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, max_points: float | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if max_points is not None:  # the item's points bound a manual grade (the service too)
            field = self.fields["points"]
            field.max_value = max_points
            field.validators.append(validators.MaxValueValidator(max_points))
            field.widget.attrs["max"] = f"{max_points:g}"


class RegradeForm(forms.Form):
    exercise = forms.ModelChoiceField(queryset=Exercise.objects.none())
