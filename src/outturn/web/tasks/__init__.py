"""Pages: My tasks."""
