"""`-o go-template`: a Go text/template subset with Go's own words for what goes wrong.

kubectl marshals the object to JSON and decodes it into ``map[string]interface{}`` before it
runs the template, so every number is a float64 (``1e+06``), a missing key is ``<no value>``
and a map prints as ``map[k:v]`` with sorted keys. Supported: text, ``{{- -}}`` trimming,
comments, fields and chains (``.a.b``, ``$x.a``), variables (``$``, ``:=``, ``=``), literals,
pipelines, parenthesised pipelines, ``if``/``else if``/``else``, ``range`` (with ``$i, $v :=``
and ``else``), ``with``, and the functions kubectl users write: and, or, not, len, index,
print, printf, println, eq, ne, lt, le, gt, ge, exists, base64decode.
"""

from __future__ import annotations

from playground.sim.printers.gotemplate.execute import ExecError, execute
from playground.sim.printers.gotemplate.parse import TemplateError, parse
from playground.sim.printers.gotemplate.values import go_float, go_v

__all__ = ["ExecError", "TemplateError", "execute", "go_float", "go_v", "parse"]
