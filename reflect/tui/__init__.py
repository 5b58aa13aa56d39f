"""The Textual app. Importing this package is what pulls in Textual."""
