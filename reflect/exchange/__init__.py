"""Turning patterns and reflections into text for people and scripts: statistics, reports, exports."""
