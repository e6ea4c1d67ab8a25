"""Reading case files: bytes to YAML nodes to the case model to findings, for one file and for a whole casebook."""
