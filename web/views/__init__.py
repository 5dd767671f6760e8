"""One blueprint per area of the UI, plus the JSON API."""
