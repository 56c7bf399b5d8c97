"""Miniport compiler."""
