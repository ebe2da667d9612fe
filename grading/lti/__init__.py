"""LTI 1.3 Advantage: launches from Moodle/Canvas, Deep Linking, NRPS roster, AGS grade passback.

``adapter`` is the only module that imports the LTI libraries (django-lti, PyLTI1p3); the rest
of the package speaks in the adapter's dataclasses."""
