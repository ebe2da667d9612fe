"""The cluster's resource Metrics API (metrics.k8s.io), which `kubectl top` reads.

The playground's cluster is a kubeadm/kubespray-style install without metrics-server, so the
aggregated API group is not served: discovery lists no ``metrics.k8s.io`` and kubectl's own
check (SupportedMetricsAPIVersionAvailable) fails before any metrics are asked for. When the
simulator gains a metrics-server, this is the one place that says the API is there.
"""

from __future__ import annotations

# The API group metrics-server registers through an APIService.
GROUP = "metrics.k8s.io"


def api_available() -> bool:
    """Whether discovery lists the metrics API group (no metrics-server runs: it does not)."""
    return False
