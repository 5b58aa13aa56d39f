"""The use cases, each written once, that every front end (the app, the command line, the browser) calls.

Front ends gather input and show results; what happens in between lives here: saving a
reflection (drafts, timestamps, the recovery-file fallback), deleting, recovering unsaved work,
and the other verbs in the modules of this package. Services call the store and the pure core;
they never import a front end.
"""
