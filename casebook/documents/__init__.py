"""The documents: the half-year table (tables/), the notices (notices/), the writers they share (writers/), templates."""
