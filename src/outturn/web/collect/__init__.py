"""Pages: collect."""
