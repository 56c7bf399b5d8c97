"""Miniport console."""
