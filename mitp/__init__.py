"""MITP site: data loading, validation and exports shared by hooks, CLI and tests."""
