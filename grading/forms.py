"""Forms of the grading pages (validation only; writes go through services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core import validators
from django.utils.translation import gettext_lazy as _

from grading import access, deadlines
from grading.models import Assignment, AssignmentItem, Exercise


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
    name = forms.CharField(label=_("Name"), max_length=200)
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

    # Both querysets are the assignment's own, set in __init__.
    user = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Learner"))
    item = forms.ModelChoiceField(queryset=AssignmentItem.objects.none(), required=False,
                                  label=_("Exercise (empty: the whole assignment)"))
    due_at = forms.DateTimeField(label=_("New due date"), widget=_LOCAL_INPUT)

    def __init__(self, data: Any = None, *, assignment: Assignment) -> None:
        super().__init__(data)
        user, item = self.fields["user"], self.fields["item"]
        assert isinstance(user, forms.ModelChoiceField)  # declared above; fields is typed Field
        assert isinstance(item, forms.ModelChoiceField)
        user.queryset = assignment.course.learners.order_by("username")
        item.queryset = assignment.items.select_related("exercise")


def _role_choices() -> list[tuple[str, Any]]:  # labels are lazy translations
    return [(role.value, role.label) for role in access.ASSIGNABLE_ROLES]


class CourseMemberForm(forms.Form):
    """The owner adds someone to the course's people."""

    username = forms.CharField(max_length=150, label=_("User name"))
    role = forms.ChoiceField(label=_("Role"), choices=_role_choices)


class MemberRoleForm(forms.Form):
    """The owner changes (``role``) or removes (``remove``) one person's role."""

    user = forms.IntegerField(min_value=1)
    role = forms.ChoiceField(choices=_role_choices, required=False)


class AssignmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    due_at = forms.DateTimeField(label=_("Due at"), required=False, widget=_LOCAL_INPUT)
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

    def __init__(self, data: Any = None, *, max_points: float | None = None) -> None:
        super().__init__(data)
        if max_points is not None:  # the item's points bound a manual grade (the service too)
            field = self.fields["points"]
            field.validators.append(validators.MaxValueValidator(max_points))
            field.widget.attrs["max"] = f"{max_points:g}"


class RegradeForm(forms.Form):
    exercise = forms.ModelChoiceField(label=_("Exercise"), queryset=Exercise.objects.none())
