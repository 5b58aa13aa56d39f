"""The smallest numbers below which reflect withholds a figure.

Kept apart, with nothing imported, so that the command line's help can state them without
loading the modules that compute the figures.
"""

MIN_N = 5
"""Fewer answers than this (Yes, Partly or No) give no practice rate."""

TEAM_MINIMUM = 3
"""Practitioners who must have contributed before any team-wide figure is shown."""
