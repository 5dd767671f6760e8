"""The built-in demo corpus: synthetic agreements with known truth, rendered to PDF."""
