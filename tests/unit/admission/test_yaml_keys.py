"""YAML 1.1 keys that are not strings (`no:`, `on:`, `1:`) reach the API as kubectl's YAML→JSON
step (sigs.k8s.io/yaml) writes them: as strings, never as a crash."""

from __future__ import annotations

from playground.sim.admission.manifests import _go_float, _json_key
from playground.sim.clock import FixedClock
from playground.sim.sandbox import Sandbox


def test_bool_int_and_float_keys_become_go_strings() -> None:
    assert [_json_key(k) for k in (False, True, 1, -2)] == ["false", "true", "1", "-2"]
    assert [_go_float(v) for v in (1.5, 1e6, 123456.0, 2.0, 1e-05)] == [
        "1.5", "1e+06", "123456", "2", "1e-05"]


def test_a_node_selector_keyed_no_is_the_string_false() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("keys", clock.now()), clock)
    sandbox.write_file("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n"
                       "  nodeSelector:\n    no: such\n  containers:\n  - name: a\n"
                       "    image: nginx\n")
    assert sandbox.execute("kubectl apply -f p.yaml").text == "pod/p created\n"
    out = sandbox.execute("kubectl get pod p -o jsonpath={.spec.nodeSelector}").text
    assert out == '{"false":"such"}'


def test_a_lone_y_or_n_is_a_bool_as_go_yaml_reads_it() -> None:
    # go-yaml v2 (under sigs.k8s.io/yaml) resolves y/Y/n/N to bools, PyYAML does not: a label
    # `run: y` is refused as real kubectl 1.32 refuses it, and a key `y:` becomes "true".
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("yn", clock.now()), clock)
    pod = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    run: {value}\n"
           "spec:\n  nodeSelector:\n    {key}: such\n  containers:\n  - name: a\n"
           "    image: nginx\n")
    sandbox.write_file("p.yaml", pod.format(value="y", key="zone"))
    refused = sandbox.execute("kubectl apply -f p.yaml")
    assert (refused.text, refused.exit_code) == (
        'error: unable to decode "p.yaml": json: cannot unmarshal bool into Go struct field '
        "ObjectMeta.metadata.labels of type string\n", 1)
    sandbox.write_file("p.yaml", pod.format(value='"y"', key="Y"))
    assert sandbox.execute("kubectl apply -f p.yaml").text == "pod/p created\n"
    out = sandbox.execute("kubectl get pod p -o jsonpath={.spec.nodeSelector}{.metadata.labels}")
    assert out.text == '{"true":"such"}{"run":"y"}'
