"""`summarize --by-agency`: each agency's part of every figure, one module per format."""
