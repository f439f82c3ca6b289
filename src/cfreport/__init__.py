"""cfreport: validate and consolidate a UN Country Team's yearly results reporting."""

__version__ = "0.1.0"

DEFAULT_FRAMEWORK = "mexico-2020-2025"
"""The framework shipped in framework/data/ that every command uses unless told otherwise."""
