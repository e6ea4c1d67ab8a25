"""The domain: the case and its parts, the vocabularies, Japanese dates and eras, periods, ids, table cells, PPC thresholds."""
