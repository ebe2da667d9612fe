"""What the kubelet prepares for a container before it starts: its environment (Downward API,
``$(VAR)`` expansion), its downwardAPI volume files, its user and groups (securityContext)."""
