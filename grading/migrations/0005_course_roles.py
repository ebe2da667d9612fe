"""Per-course roles (CourseRole: owner, instructor, TA) replace Course.owner and
Course.instructors: the owner keeps the course, every other instructor stays an instructor."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def roles_from_owner_and_instructors(apps, schema_editor):
    Course = apps.get_model("grading", "Course")
    CourseRole = apps.get_model("grading", "CourseRole")
    rows = []
    for course in Course.objects.all():
        if course.owner_id is not None:
            rows.append(CourseRole(course=course, user_id=course.owner_id, role="owner"))
        for user_id in course.instructors.exclude(pk=course.owner_id or 0).values_list(
                "pk", flat=True):
            rows.append(CourseRole(course=course, user_id=user_id, role="instructor"))
    CourseRole.objects.bulk_create(rows)


def owner_and_instructors_from_roles(apps, schema_editor):
    # Going back: the owner and instructors as before; TAs had no place then and are dropped.
    Course = apps.get_model("grading", "Course")
    CourseRole = apps.get_model("grading", "CourseRole")
    for role in CourseRole.objects.exclude(role="ta").order_by("pk"):
        course = Course.objects.get(pk=role.course_id)
        course.instructors.add(role.user_id)
        if role.role == "owner":
            course.owner_id = role.user_id
            course.save(update_fields=["owner"])


class Migration(migrations.Migration):

    dependencies = [
        ('grading', '0004_regrade_preview_undo_drafts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CourseRole',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('owner', 'Owner'), ('instructor', 'Instructor'), ('ta', 'Teaching assistant')], max_length=12)),
                ('added_at', models.DateTimeField(auto_now_add=True)),
                ('course', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='grading.course')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='course_roles', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['course', 'user__username'],
                'constraints': [models.UniqueConstraint(fields=('course', 'user'), name='course_role_unique_user'), models.UniqueConstraint(condition=models.Q(('role', 'owner')), fields=('course',), name='course_role_one_owner')],
            },
        ),
        migrations.RunPython(roles_from_owner_and_instructors, owner_and_instructors_from_roles),
        migrations.RemoveField(
            model_name='course',
            name='instructors',
        ),
        migrations.RemoveField(
            model_name='course',
            name='owner',
        ),
    ]
