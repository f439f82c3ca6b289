"""`cfreport summarize`: the consolidated figures, one module per --format."""
