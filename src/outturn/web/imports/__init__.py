"""Pages: imports."""
