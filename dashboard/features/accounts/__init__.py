"""Accounts managed in the browser: the administrators' page's mechanics (actions.py, listing.py) and the
plain HTML pages of accepting an invitation and choosing a new password (routes.py)."""
