"""Miniport package."""
