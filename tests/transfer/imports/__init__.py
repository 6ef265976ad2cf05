"""Tests of the bulk import of a round's outturns."""
