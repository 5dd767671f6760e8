"""Classifier: agreement type, directive scope and release flags."""
