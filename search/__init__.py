"""Search: the facade over whoosh. Nothing outside this package imports whoosh."""
