"""Lessons: Markdown texts per language, loaded into the database and shown beside the terminal."""
