"""What every State site carries: who operates it, and the pages its footer links to (accessibility, legal notice,
personal data, site map)."""
