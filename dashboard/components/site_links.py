"""The addresses of the pages every State site carries, linked from the footer (components/frame.py) and the
site map."""

ACCESSIBILITY = "/accessibilite"
LEGAL_NOTICE = "/mentions-legales"
PERSONAL_DATA = "/donnees-personnelles"
SITE_MAP = "/plan-du-site"
# The footer's links, in DSFR's order; the accessibility link states the conformity (RGAA 4.1).
FOOTER_LINKS = [
    (SITE_MAP, "Plan du site"),
    (ACCESSIBILITY, "Accessibilité : partiellement conforme"),
    (LEGAL_NOTICE, "Mentions légales"),
    (PERSONAL_DATA, "Données personnelles"),
]
