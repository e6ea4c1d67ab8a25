"""Rewriting case files: `fmt` (the canonical form), `set` (editing fields in place) and schema migrations.

The fast loader (casebook.reading) stays the one reader of a casebook; this package is the one writer of
case files. ruamel.yaml's round-trip mode rewrites a file keeping its comments, key order and layout, and
every rewrite is read back through the loader exactly as `check` reads it before anything is written.

- fields: what the case model says of each place in a file (a date, an enum, a list…), in schema order;
- canonical: the canonical spelling of one value (dates, enums, numbers, multi-line text);
- roundtrip: ruamel.yaml set up for rewriting (layout kept, comments that move with their key);
- scalars: how it reads plain scalars (the core schema, as `check`) and writes them back (nulls, numbers as spelt);
- survey: what `fmt` would change, found with the fast loader alone (`fmt --check`);
- formatting: `fmt`; assign: `set`; migrations: `schema_version` and the steps from one version to the next.
"""
