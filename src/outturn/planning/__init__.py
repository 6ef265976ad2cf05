"""Target setting."""
