"""Reference data shared by every content type: territories (CUT codes), taxonomy, and the rules
that check them (``territory_checks``: the catalogue, activities and posters use the same)."""
