"""The scorecard dashboard at ``/``: visibility, filters, counts, caching, and the charts."""
