"""The demo council."""
