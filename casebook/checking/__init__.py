"""`casebook check` of a whole casebook (cases and templates) and its GitHub Actions reporting."""
