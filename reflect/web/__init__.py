"""`reflect serve`: a workshop's participant app in the browser, through textual-serve."""
