"""cfreport: validate and consolidate a UN Country Team's yearly results reporting."""

__version__ = "0.1.0"
