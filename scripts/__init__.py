"""Operational scripts: the `make run` orchestrator and the process stack it shares with tests."""
