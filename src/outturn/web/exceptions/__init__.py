"""Pages: exceptions."""
