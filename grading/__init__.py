"""Grading: exercises, their automatic checks and the results learners and instructors see."""
