"""Replays: the file format (write, read, verify), headless runs, scoring and counterfactuals,
ensembles over seeds, exports, comparisons and the after-action review."""
