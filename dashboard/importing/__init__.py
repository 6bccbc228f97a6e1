"""Taking files to import: the kinds of import and the uploaded files kept until confirmed (used by the Données
page and the roadmap page)."""
