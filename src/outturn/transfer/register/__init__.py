"""Bringing a scorecard in, and taking it out: the register workbook and its CSV files.

``kinds`` describes the sheets and columns; ``reading`` reads a workbook or CSV files;
``checking`` checks every row through the engine's parsers; ``services`` writes a clean file
in one transaction; ``exporting`` writes the register and the blank templates.
"""
