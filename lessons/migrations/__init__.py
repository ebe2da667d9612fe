"""Database migrations of the lessons app."""
