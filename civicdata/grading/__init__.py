"""Graded exercises: the manifest, a pytest plugin, scoring and Gradescope output."""
