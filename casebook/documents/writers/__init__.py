"""Writers every document shares: Word, CSV, the terminal, plain text for a pipe, the choice of format."""
