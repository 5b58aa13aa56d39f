class StoreError(Exception):
    """A problem with the database that the user can act on; the message says how."""
