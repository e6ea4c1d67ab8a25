"""The notices of one case (press, apology, web, council) and the PPC report: Markdown templates to md/txt/html/docx."""
