"""The center's service layer: plain functions over a SQLAlchemy session.

Routers (center/api) and the console both call these. A service validates, changes
rows, writes the audit event for every state change in the same transaction, and
commits; it raises `miniport.center.errors.ApiError` subclasses, never HTTP types.
"""
