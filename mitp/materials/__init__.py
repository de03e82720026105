"""Materials library: graphic pieces, regional posters, kits (data/materials.yaml)."""
