"""Renderers: HTML, Word, PDF and Excel from the report model, with no database access."""
