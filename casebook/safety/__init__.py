"""What keeps the guarantees: whole-file writes, links out of the casebook, inert output text, quoting in messages."""
