"""Miniport dev."""
