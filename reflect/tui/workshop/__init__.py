"""Workshop screens: a participant's app (one workshop, nothing else) and the trainer's live view."""
