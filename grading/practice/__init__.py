"""Practice from a lesson: a lesson's exercise in the learner's own sandbox (anonymous learners
too), with Check my work, hints, the solution after a first check, and reset."""
