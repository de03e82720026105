"""Shared mechanics of the site generator: no domain words, no MkDocs (except render.py)."""
