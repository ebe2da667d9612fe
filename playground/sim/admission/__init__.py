"""API-server admission for the simulator: manifest decoding, defaulting, validation, strictness."""
