"""`manage.py load_lessons`."""
