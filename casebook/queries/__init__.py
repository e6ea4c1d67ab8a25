"""Questions asked of the read cases: the small per-case facts, list rows, stats and what is due."""
