"""`cfreport validate`: the report of findings, one module per --format."""
