"""Workshops: case vignettes, a workshop's own database, and the room's spread of answers.

A workshop database is a separate kind of file from a practitioner's: participants
answer the ten questions about a vignette, anonymously, and the trainer watches the
room's answers arrive. Nothing here can reach a practitioner's reflections.
"""
