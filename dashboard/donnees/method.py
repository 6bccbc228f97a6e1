"""The Données page's fixed text: what the status of a figure means and how the figures are computed."""

STATUSES = [
    ("Officiel", "chiffre publié par une administration et opposable."),
    ("Indicatif", "données de travail du SGPE (« simulateur territorial »), qui n'engagent pas l'État."),
    ("Illustratif", "données fictives de la « Région de démonstration », générées pour montrer l'outil."),
    ("Calculé", "résultat d'un calcul de cet outil à partir des données ci-dessus (formules ci-dessous)."),
]

METHOD = """
**Objectif d'un levier** : émissions évitées en 2030 par rapport à 2019, en ktCO₂e, selon la déclinaison
régionale indicative du SGPE.

**Traduction physique** : avec le facteur de conversion du levier (unités physiques par ktCO₂e) et son
point de départ 2019, la valeur physique visée en 2030 vaut *point de départ 2019 + objectif × facteur*
lorsque la grandeur est un niveau (par exemple le parc de véhicules électriques), et *objectif × facteur*
lorsqu'elle est une variation (par exemple des kilomètres évités).

**Progression observée** : *(valeur observée − point de départ 2019) / facteur*, en ktCO₂e ; le signe suit
celui du facteur, négatif pour une grandeur qui doit baisser.

**Trajectoire linéaire** : la part attendue de l'objectif en l'année *a* vaut *(a − 2019) / 11*.

**Écart et statut d'un levier** (page « Écarts et ambition ») : avec la dernière valeur observée après 2019,
l'écart vaut *progression attendue − progression observée*, en ktCO₂e (positif : en retard). Le levier est
« sur la trajectoire » lorsque l'écart ne dépasse pas 5 % de son objectif 2030 dans un sens ou dans l'autre,
« en retard » au-delà d'un côté, « en avance » au-delà de l'autre. La valeur observée est comparée au point de
départ 2019 du SGPE pour une grandeur de niveau, à la valeur observée en 2019 pour une variation ; sans
traduction physique, sans valeur observée après 2019 ou sans base 2019 comparable, le statut est « pas de
donnée » (jamais 0). L'écart d'un secteur est la somme des écarts de ses leviers observés.

**Scénarios** (« Nouvelle ambition ») : pour chaque levier, ce qui est déjà réalisé ou prévu et un nouvel
objectif, saisis en ktCO₂e ou en unité physique (conversion inverse de la traduction physique) ; un levier sans
nouvel objectif garde celui du SGPE. Reste à faire = objectif du scénario − déjà réalisé ou prévu.

**Indicateurs du diagnostic** : les valeurs chargées par commune sont agrégées vers les EPCI, CRTE,
départements et régions (et les valeurs départementales vers leur région) selon la règle du catalogue :
somme, ou moyenne pondérée par la population, la superficie ou un autre indicateur. Un agrégat dont des
membres n'ont pas de valeur est signalé « incomplet » avec le nombre de membres couverts ; une valeur
chargée pour un territoire l'emporte sur son agrégat. La série « France » agrège les régions chargées.

**Contours** : ceux des EPCI, CRTE, départements et régions sont l'union des contours des communes qui
les composent ; les cartes utilisent une simplification qui préserve la topologie (les voisins gardent
exactement la même frontière), coordonnées arrondies à 5 décimales.
"""
