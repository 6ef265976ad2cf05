"""Pages: planning."""
