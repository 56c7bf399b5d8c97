"""Miniport delivery."""
