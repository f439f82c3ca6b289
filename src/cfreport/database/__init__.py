"""The results database: every year's submissions, findings and figures in one SQLite file
(docs/results-db.md)."""
