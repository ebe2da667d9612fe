"""A small exercise for grading tests: a parameterised pod name, one hidden check whose id,
message and the solution's marker must never reach a learner's browser, and a paid hint."""

from __future__ import annotations

HIDDEN_MARKERS = ("secret-image-check", "SECRET-MESSAGE", "solution-marker", "zq9")

DEMO_EXERCISE = r"""
id: grading-demo
version: 1
title: {ko: 데모 파드, en: Demo pod}
params:
  name: {pattern: "web-{digit}{digit}"}
text:
  ko: "파드 `{{name}}`를 만드세요."
  en: "Create the pod `{{name}}`."
tasks:
  - {ko: "파드 `{{name}}`를 만드세요(이미지 httpd:2.4).", en: "Create the pod `{{name}}` (image httpd:2.4)."}
checks:
  - id: pod-exists
    points: 2
    title: {ko: "파드가 있다", en: "the pod exists"}
    select: {kind: Pod, name: "{{name}}"}
    message: {ko: "파드 {{name}}가 없습니다.", en: "There is no pod {{name}}."}
  - id: secret-image-check
    points: 3
    visibility: hidden
    needs: [pod-exists]
    select: {kind: Pod, name: "{{name}}"}
    expr: [{path: "spec.containers[0].image", op: eq, value: "httpd:2.4"}]
    message: {ko: "SECRET-MESSAGE 이미지", en: "SECRET-MESSAGE wrong image"}
  - id: described
    points: 1
    kind: activity
    title: {ko: "describe 했다", en: "you ran describe"}
    activity: {pattern: '^kubectl describe pods? {{name}}$', exit: 0}
    message: {ko: "describe 하세요.", en: "Run kubectl describe pod {{name}}."}
hints:
  - text: {ko: "힌트: kubectl run", en: "Hint: use kubectl run"}
    after_failures: 1
    cost: 1
solution:
  commands:
    - kubectl run {{name}} --image=httpd:2.4 --labels=solution-marker=zq9
    - kubectl describe pod {{name}}
"""
