"""Données et méthode: the imports made from the browser (preview, confirmation, undo, background jobs), their
journal and reports, and the method the page explains (the kinds of file and the uploads: dashboard/importing/)."""
