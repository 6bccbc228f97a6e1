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

**Progression observée** : *(valeur observée − base) / facteur*, en ktCO₂e ; le signe suit celui du facteur,
négatif pour une grandeur qui doit baisser. La base est la valeur observée du levier en 2019 ou, à défaut (pour
une grandeur de niveau), le point de départ 2019 du SGPE arrondi à la précision de l'observation (1,6319 se lit
1,6 à côté d'une observation écrite 1,6). Deux valeurs se comparent à la précision de la plus précise des deux
(un fichier n'écrit pas les zéros finaux : 3 à côté de 3,2 se lit 3,0) ; une variation plus petite que cette
précision est « stable » et ne compte pour rien. Un levier dont la progression va contre son objectif est
« en recul ».

**Acquis observé** d'un secteur ou de la région : la somme de la dernière progression observée de chacun de ses
leviers, chacune à son année (« 10 leviers sur 30, observés entre 2021 et 2022 ») ; un levier sans observation
compte pour 0. Reste à engager = objectif − acquis observé (− propositions en mode projection) : lorsqu'il
dépasse l'objectif, l'acquis est négatif et la page nomme le ou les leviers en recul qui en sont la cause (les
moins nombreux dont le recul l'emporte sur tout le reste de l'acquis). La courbe année par année additionne les
leviers observés chaque année ; elle n'est tracée que si ce sont les mêmes leviers chaque année.

**Trajectoire linéaire** : la part attendue de l'objectif en l'année *a* vaut *(a − 2019) / 11*.

**Écart et statut d'un levier** (page « Écarts et ambition ») : avec la dernière valeur observée après 2019,
l'écart vaut *progression attendue − progression observée*, en ktCO₂e (positif : en retard). Le levier est
« sur la trajectoire » lorsque l'écart ne dépasse pas 5 % de son objectif 2030 dans un sens ou dans l'autre,
« en retard » au-delà d'un côté, « en avance » au-delà de l'autre. Sans traduction physique, sans valeur
observée après 2019 ou sans base comparable (une variation n'a pas d'autre base que sa valeur observée en
2019), le statut est « pas de donnée » (jamais 0). L'écart d'un secteur est la somme des écarts de ses leviers
observés.

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
