"""Miniport center."""
