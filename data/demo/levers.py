"""The demonstration levers, the region's 2030 objective for each and the explanation shown with it."""

from __future__ import annotations

import pandas as pd

from data.demo.region import REGION_CODE, SOURCE, VINTAGE
from domain import formats
from domain.rounding import significant

UNIT_CO2 = "ktCO₂e d'émissions évitées (en 2030 par rapport à 2019)"

# id, name, sector, thematic group, physical unit (None: no translation), relative,
# objective (ktCO₂e), physical units per ktCO₂e, 2019 level, share of the linear path
# reached in 2023 (observations; negative: going the wrong way), description.
LEVERS = [
    ("augm_voitelec", "Électrification des voitures particulières", "Transport de voyageurs", "Mieux se déplacer",
     "milliers de voitures électriques dans le parc régional (en 2030)", True, 900, 0.3, 5.0, 1.3,
     "Remplacer les voitures thermiques par des voitures électriques, au rythme du renouvellement du parc."),
    ("reduc_vkm", "Baisse du trafic automobile", "Transport de voyageurs", "Mieux se déplacer",
     "% de baisse des voyageurs-km en voiture (en 2030 par rapport à 2019)", False, 550, 0.012, None, None,
     "Réduire les distances parcourues en voiture : télétravail, proximité des services, aménagement."),
    ("augm_velo", "Développement du vélo", "Transport de voyageurs", "Mieux se déplacer",
     "km d'aménagements cyclables sécurisés (en 2030)", True, 140, 14, 1300, 0.8,
     "Reporter les trajets courts de la voiture vers le vélo grâce à des itinéraires continus et sûrs."),
    ("augm_tc", "Report vers les transports en commun", "Transport de voyageurs", "Mieux se déplacer",
     "millions de voyages en transports en commun par an (en 2030)", True, 260, 0.4, 190, -0.5,
     "Renforcer l'offre de trains régionaux, de cars et de bus pour attirer les automobilistes."),
    ("reduc_avion", "Sobriété dans le transport aérien", "Transport de voyageurs", "Mieux se déplacer",
     None, False, 60, 0, None, None,
     "Limiter les vols intérieurs lorsqu'une alternative ferroviaire existe."),
    ("augm_pl_elec", "Poids lourds électriques et au bioGNV", "Transport de marchandises", "Mieux se déplacer",
     "milliers de poids lourds à faibles émissions (en 2030)", True, 420, 0.03, 0.3, 0.4,
     "Convertir les flottes de poids lourds à l'électricité et au bioGNV."),
    ("augm_fret_ferro", "Report modal vers le rail et le fluvial", "Transport de marchandises", "Mieux se déplacer",
     "% de part modale du ferroviaire et du fluvial dans le fret (en 2030)", True, 180, 0.04, 8.5, 0.15,
     "Transférer une partie du transport routier de marchandises vers le rail et la voie d'eau."),
    ("augm_vulelec", "Électrification des véhicules utilitaires légers", "Transport de marchandises",
     "Mieux se déplacer", "milliers de véhicules utilitaires légers électriques (en 2030)", True, 230, 0.3, 3.0,
     0.9,
     "Électrifier les camionnettes des artisans, des livreurs et des collectivités."),
    ("logistique_urbaine", "Optimisation de la logistique urbaine", "Transport de marchandises", "Mieux se déplacer",
     None, False, 90, 0, None, None,
     "Mutualiser les livraisons et mieux remplir les véhicules en ville."),
    ("reduc_rfioul", "Sortie du fioul dans les logements", "Résidentiel", "Mieux se loger",
     "milliers de logements chauffés au fioul (en 2030)", True, 620, -0.28, 210, 1.2,
     ("Remplacer les chaudières au fioul par des pompes à chaleur, des chaudières biomasse ou un réseau "
      "de chaleur.")),
    ("reduc_rgaz", "Sortie des chaudières au gaz dans les logements", "Résidentiel", "Mieux se loger",
     "milliers de logements chauffés au gaz (en 2030)", True, 540, -0.22, 430, 0.5,
     "Remplacer progressivement les chaudières au gaz par des équipements décarbonés."),
    ("reno_logements", "Rénovation d'ampleur des logements", "Résidentiel", "Mieux se loger",
     "milliers de rénovations d'ampleur de logements (cumul 2020-2030)", False, 480, 0.3, None, None,
     "Isoler les logements les plus énergivores en traitant toute l'enveloppe à la fois."),
    ("sobriete_res", "Sobriété énergétique dans les logements", "Résidentiel", "Mieux se loger",
     None, False, 300, 0, None, None,
     "Chauffer à 19 °C, réguler et piloter les équipements."),
    ("reduc_tfioul", "Sortie du fioul dans les bâtiments tertiaires", "Tertiaire", "Mieux se loger",
     "millions de m² tertiaires chauffés au fioul (en 2030)", True, 210, -0.012, 3.9, 0.9,
     "Remplacer les chaudières au fioul des bureaux, commerces, écoles et hôpitaux."),
    ("reno_tertiaire", "Rénovation énergétique des bâtiments tertiaires", "Tertiaire", "Mieux se loger",
     "millions de m² tertiaires rénovés (cumul 2020-2030)", False, 260, 0.045, None, None,
     "Rénover le parc tertiaire public et privé, conformément au décret tertiaire."),
    ("sobriete_tert", "Sobriété dans les bâtiments tertiaires", "Tertiaire", "Mieux se loger",
     None, False, 170, 0, None, None,
     "Baisser les consignes de chauffage, éteindre les bâtiments inoccupés."),
    ("reduc_enfouissement", "Réduction de l'enfouissement des déchets", "Déchet", "Mieux produire",
     "milliers de tonnes de déchets enfouies par an (en 2030)", True, 190, -2.2, 880, 0.7,
     "Prévenir, trier et valoriser les déchets pour moins en enfouir."),
    ("augm_biodechets", "Collecte et valorisation des biodéchets", "Déchet", "Mieux produire",
     "milliers de tonnes de biodéchets collectées séparément par an (en 2030)", True, 70, 2.6, 35, 1.1,
     "Collecter séparément les biodéchets pour les composter ou les méthaniser."),
    ("augm_haies", "Plantation de haies", "Agriculture, Forêts et Sols", "Mieux préserver",
     "milliers de km de haies (en 2030)", True, 120, 0.04, 58, 0.35,
     "Replanter des haies qui stockent du carbone et protègent sols et biodiversité."),
    ("reduc_engrais", "Réduction des engrais azotés minéraux", "Agriculture, Forêts et Sols", "Mieux se nourrir",
     "milliers de tonnes d'azote minéral épandues par an (en 2030)", True, 600, -0.11, 240, 0.6,
     "Ajuster la fertilisation et développer les légumineuses pour réduire le protoxyde d'azote."),
    ("augm_bio", "Développement de l'agriculture biologique", "Agriculture, Forêts et Sols", "Mieux se nourrir",
     "% de la surface agricole en agriculture biologique (en 2030)", True, 150, 0.06, 6.5, 0.5,
     "Accompagner les conversions et structurer les débouchés locaux."),
    ("reduc_gnr", "Décarbonation des engins agricoles", "Agriculture, Forêts et Sols", "Mieux se nourrir",
     "milliers de m³ de gazole non routier consommés par an (en 2030)", True, 240, -0.3, 270, 0.2,
     "Réduire la consommation de carburant des tracteurs et passer aux biocarburants."),
    ("augm_boisement", "Boisement et gestion forestière durable", "Agriculture, Forêts et Sols", "Mieux préserver",
     "milliers d'hectares boisés ou reboisés (cumul 2020-2030)", False, 320, 0.09, None, None,
     "Boiser des terres délaissées et adapter les forêts pour préserver le puits de carbone."),
    ("reduc_artif", "Sobriété foncière", "Agriculture, Forêts et Sols", "Mieux préserver",
     "hectares d'espaces naturels, agricoles et forestiers artificialisés par an (en 2030)", True, 80, -11, 1750,
     0.7, "Diviser par deux le rythme d'artificialisation, sur la trajectoire du zéro artificialisation nette."),
    ("stockage_sols", "Stockage de carbone dans les sols agricoles", "Agriculture, Forêts et Sols",
     "Mieux préserver", None, False, 280, 0, None, None,
     "Couvrir les sols en hiver, développer l'agroforesterie et maintenir les prairies."),
    ("decarb_industrie", "Efficacité et électrification de l'industrie", "Industrie", "Mieux produire",
     None, False, 1600, 0, None, None,
     "Améliorer l'efficacité des procédés et électrifier les usages des sites industriels."),
    ("augm_chaleur_indus", "Chaleur renouvelable et de récupération dans l'industrie", "Industrie",
     "Mieux produire", "GWh de chaleur renouvelable et de récupération par an (en 2030)", True, 380, 2.8, 850, 0.9,
     "Remplacer le gaz des chaudières industrielles par de la biomasse et de la chaleur fatale."),
    ("augm_pv", "Développement du solaire photovoltaïque", "Énergie", "Mieux produire",
     "MW de puissance photovoltaïque installée (en 2030)", True, 160, 19, 650, 1.5,
     "Équiper toitures, parkings et friches de panneaux photovoltaïques."),
    ("augm_eolien", "Développement de l'éolien terrestre", "Énergie", "Mieux produire",
     "MW de puissance éolienne installée (en 2030)", True, 130, 14, 1050, 0.7,
     "Installer de nouveaux parcs et renouveler les plus anciens avec des machines plus puissantes."),
    ("augm_biomethane", "Production de biométhane", "Énergie", "Mieux produire",
     "GWh de biométhane injecté dans les réseaux par an (en 2030)", True, 360, 5.5, 140, 1.6,
     "Méthaniser effluents d'élevage et résidus de cultures, et injecter le gaz produit."),
    ("augm_rcu", "Développement des réseaux de chaleur renouvelable", "Énergie", "Mieux produire",
     "GWh livrés par les réseaux de chaleur par an (en 2030)", True, 210, 3.6, 780, 1.0,
     "Étendre et verdir les réseaux de chaleur des villes moyennes et des agglomérations."),
]
LEVER_COLUMNS = ["lever_id", "name", "sector", "thematic_group", "unit_phys", "relative", "obj_co2_kt",
                 "ratio_co2_to_phys", "start_point_2019", "progress_2023", "description"]
DISABLED = {
    "reduc_avion": "Levier relevant de la réglementation nationale et européenne : "
                   "l'objectif n'est pas modifiable à l'échelle régionale.",
    "decarb_industrie": "Objectif porté par les feuilles de route de décarbonation des grands sites industriels, "
                        "fixé au niveau national.",
    "augm_eolien": "Objectif issu de la programmation pluriannuelle de l'énergie, non modifiable dans cet outil.",
}


def lever_frame(levers: pd.DataFrame) -> pd.DataFrame:
    frame = levers[["lever_id", "name", "sector", "thematic_group", "unit_phys", "relative"]].copy()
    frame["unit_co2"] = UNIT_CO2
    frame["no_translation"] = levers["unit_phys"].isna()
    return frame


def objective_frame(levers: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "territory_level": "region",
        "territory_code": REGION_CODE,
        "lever_id": levers["lever_id"],
        "lever_label": levers["name"],
        "obj_co2_kt": levers["obj_co2_kt"].astype(float),
        "ratio_co2_to_phys": levers["ratio_co2_to_phys"].astype(float),
        "start_point_2019": levers["start_point_2019"].astype(float),
        "enabled": True,
        "hidden": False,
        "limited": False,
        "edition_disabled": levers["lever_id"].isin(list(DISABLED)),
        "show_target": True,
        "explanation": [_explanation(lever) for lever in levers.itertuples()],
        "disabled_reason": levers["lever_id"].map(DISABLED),
        "territory_comment": None,
        "status": "illustratif",
        "source": SOURCE,
        "vintage": VINTAGE,
    })


def _fr(value: float) -> str:
    return formats.decimal(significant(value, 3))


def _explanation(lever) -> str:
    objective = f"**{_fr(lever.obj_co2_kt)} ktCO₂e**"
    if pd.isna(lever.unit_phys):
        magnitude = (f"Ce levier n'a pas de traduction physique simple : l'objectif s'exprime en émissions "
                     f"évitées, soit {objective} en 2030.")
    elif lever.relative:
        target = lever.start_point_2019 + lever.obj_co2_kt * lever.ratio_co2_to_phys
        magnitude = (f"Éviter {objective} en 2030 revient à passer de **{_fr(lever.start_point_2019)}** en 2019 "
                     f"à **{_fr(target)}** en 2030, en {lever.unit_phys}.")
    else:
        magnitude = (f"Éviter {objective} en 2030 correspond à **{_fr(lever.obj_co2_kt * lever.ratio_co2_to_phys)}**"
                     f" {lever.unit_phys}.")
    return f"#### Levier\n\n{lever.description}\n\n#### Ordre de grandeur\n\n{magnitude}"
