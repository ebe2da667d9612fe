"""Management commands of the grading app (load_exercises, exercise lint, grant_instructor)."""
