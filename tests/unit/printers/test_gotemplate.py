"""The Go text/template subset behind -o go-template (expected values: kubectl 1.32 / Go)."""

from __future__ import annotations

import pytest

from playground.sim.printers import gotemplate

POD = {"kind": "Pod", "metadata": {"name": "b"},
       "spec": {"containers": [{"image": "nginx", "name": "c"}]}}


@pytest.mark.parametrize(("template", "expected"), [
    ("{{.metadata.name}}", "b"),
    ("{{.metadata.nope}} {{.spec.x.y}}", "<no value> <no value>"),
    ("{{.spec.containers}}", "[map[image:nginx name:c]]"),
    ('{{index .metadata "name"}}', "b"),
    ('{{printf "%s-%d" .metadata.name 5}} {{printf "%d" .metadata.name}}', "b-5 %!d(string=b)"),
    ("{{if .spec.nodeName}}yes{{else}}no{{end}}", "no"),
    ("{{range $i, $c := .spec.containers}}{{$i}}={{$c.image}} {{end}}", "0=nginx "),
    ('{{ .metadata.name }} {{- " x " -}} {{/* c */}} {{eq .kind "Pod"}} {{ne 1 2}} '
     '{{and 1 0}} {{or 0 "" "z"}} {{not true}} {{len "abc"}}', "b x  true true 0 z false 3"),
    ('{{print "a" 1 2 "b"}}|{{println "a" 1}}', "a1 2b|a 1\n"),
    ('{{.metadata.name | printf "%q"}}', '"b"'),
    ("{{with .spec}}{{len .containers}}{{end}}", "1"),
    ('{{if eq .kind "Node"}}n{{else if eq .kind "Pod"}}p{{else}}x{{end}}', "p"),
])
def test_templates_render_as_go_does(template: str, expected: str) -> None:
    assert gotemplate.execute(template, POD) == expected


@pytest.mark.parametrize(("value", "text"), [
    (30.0, "30"), (0.5, "0.5"), (1e6, "1e+06"), (1234567.0, "1.234567e+06"),
    (100000.0, "100000"), (0.0001, "0.0001"), (0.00001, "1e-05"), (-2.0, "-2")])
def test_numbers_print_as_float64(value: float, text: str) -> None:
    assert gotemplate.go_float(value) == text


@pytest.mark.parametrize(("template", "message"), [
    ("{{.metadata.name", "template: output:1: unclosed action"),
    ("{{range .spec.containers}}{{.name}}{{end}", "template: output:1: bad character U+007D '}'"),
    ("{{end}}", "template: output:1: unexpected {{end}}"),
    ("{{if}}x{{end}}", "template: output:1: missing value for if"),
    ("{{$x}}", 'template: output:1: undefined variable "$x"'),
    ("{{nofunc .x}}", 'template: output:1: function "nofunc" not defined'),
])
def test_parse_errors_in_go_words(template: str, message: str) -> None:
    with pytest.raises(gotemplate.TemplateError) as caught:
        gotemplate.parse(template)
    assert str(caught.value) == message


@pytest.mark.parametrize(("template", "message"), [
    ("{{index .spec.containers 5}}", 'template: output:1:2: executing "output" at '
     "<index .spec.containers 5>: error calling index: index out of range: 5"),
    ("{{.metadata.name.x}}", 'template: output:1:11: executing "output" at '
     "<.metadata.name.x>: can't evaluate field x in type interface {}"),
    ('{{index .metadata.labels "app"}}', 'template: output:1:2: executing "output" at '
     '<index .metadata.labels "app">: error calling index: index of untyped nil'),
])
def test_execution_errors_in_go_words(template: str, message: str) -> None:
    with pytest.raises(gotemplate.ExecError) as caught:
        gotemplate.execute(template, POD)
    assert str(caught.value) == message
