"""The demo council: a fictional council with seven years of scorecard history.

``outturn demo`` calls :func:`outturn.demo.builder.build_demo_council`.
"""
