"""Management commands of the lessons app."""
