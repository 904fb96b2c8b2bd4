"""Replays: the file format (write, read, verify) and headless runs that produce them."""
