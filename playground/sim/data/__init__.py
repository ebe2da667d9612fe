"""Data files the simulator ships: kubectl help pages, the Pod schema, images."""
