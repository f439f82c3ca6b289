"""`summarize --period`: the years of the framework period side by side, one module per format."""
