"""The half-year table: its data, one layout, and each format that draws it (md/html/csv/json, xlsx, docx, terminal)."""
