"""casebook.yaml: the casebook's settings and the half-year table's layout settings."""
