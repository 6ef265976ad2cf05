"""Outturn: open-source performance management for councils and other public bodies."""

__version__ = "0.1.0"
