"""Shared helpers for every level of the test suite (fixtures live in the conftest files).

- environment: the fixed time zone and clock, and the isolated folders a test runs in
- running: `reflect` run in this process (the default) or as a real process (when the process is the subject)
- cli: what the command-line tests share (databases made beforehand, one-line failures)
- app: driving the Textual app under a Pilot
- hostile: the corpus of hostile texts, dates and documents
- terminal, served, browser, writer, workshops: real terminals, `reflect serve`, Chromium, a saving process, workshops
"""
