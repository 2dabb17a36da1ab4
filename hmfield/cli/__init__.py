"""Command-line interface: the same services as the app, headless."""
