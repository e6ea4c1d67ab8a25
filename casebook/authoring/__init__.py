"""Writing new files: a case scaffold (new), a casebook skeleton (init), the editor JSON Schema."""
