"""`casebook site`: the public static site of the published cases, built from the casebook.

Every page is a Jinja template in casebook/templates/site/ that a casebook's templates/ overrides by name, rendered
in the same sandbox as the documents. Only public cases reach a page; a non-public case is counted as the report
counts it (casebook.documents.tables.report) and nothing else of it is written.
"""
