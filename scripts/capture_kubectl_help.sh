#!/usr/bin/env bash
# Records, verbatim (as .help files), the real kubectl v1.32 `--help` texts the simulator prints for `kubectl -h` and
# `kubectl <verb> -h`. Needs the upstream kubectl.1.32 build (Google Cloud CLI ships it).
set -euo pipefail
K=${KUBECTL:-$(dirname "$(readlink -f "$(command -v gcloud)")")/kubectl.1.32}
out=playground/sim/data/help
mkdir -p "$out"
export KUBECONFIG=/dev/null
"$K" --help > "$out/kubectl.help"
for verb in run get describe logs delete create apply label annotate explain exec port-forward \
    version api-resources edit patch set wait replace events attach cp top cluster-info \
    config expose rollout scale autoscale certificate cordon uncordon drain taint proxy auth \
    debug diff kustomize completion api-versions plugin options; do
  "$K" "$verb" --help > "$out/$verb.help" 2>&1 || true
done
"$K" set image --help > "$out/set-image.help"
"$K" create namespace --help > "$out/create-namespace.help"
"$K" create configmap --help > "$out/create-configmap.help"
"$K" create secret --help > "$out/create-secret.help"
"$K" create secret generic --help > "$out/create-secret-generic.help"
"$K" create secret docker-registry --help > "$out/create-secret-docker-registry.help"
"$K" help --help > "$out/help.help"
for sub in current-context get-clusters get-contexts get-users set-context use-context view; do
  "$K" config "$sub" --help > "$out/config-$sub.help"
done
for sub in pod node; do
  "$K" top "$sub" --help > "$out/top-$sub.help"
done
