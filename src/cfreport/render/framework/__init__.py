"""`cfreport framework`: the framework, one module per --format."""
