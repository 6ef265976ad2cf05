"""Exports: tables written safely to XLSX and CSV, and the scorecard for a quarter."""
