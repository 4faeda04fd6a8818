"""Renderers of check results: plain text, JSON (via `to_dict`), HTML."""
