"""Command-line sub-commands."""
