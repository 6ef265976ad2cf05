"""Exception reports."""
