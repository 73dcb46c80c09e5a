"""Assisted extraction: turn a folder of articles into a draft dataset for a person to review."""
