"""Formatting of Kubernetes objects exactly as kubectl v1.32 prints them."""
