"""The pod simulator: a Kubernetes v1.32 cluster and kubectl in plain Python, driven by a clock."""
