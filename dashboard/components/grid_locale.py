"""Every text that AG Grid (dash-ag-grid, community features) writes, in French: pagination, filters and their
menus, loading and empty overlays, validation, and the names that assistive technologies read.

Given to every grid as ``dashGridOptions["localeText"]``; a key missing here is shown in English
(tests/test_french_browser.py looks for English on every page, with the grid's column menu open).
"""

from __future__ import annotations

PAGINATION = {
    "page": "Page", "of": "sur", "to": "à", "more": "plus", "pageLastRowUnknown": "?",
    "firstPage": "Première page", "previousPage": "Page précédente", "nextPage": "Page suivante",
    "lastPage": "Dernière page", "pageSizeSelectorLabel": "Lignes par page :", "ariaPageSizeSelectorLabel":
    "Lignes par page",
    # The short names that older grids used.
    "next": "Suivante", "previous": "Précédente", "first": "Première", "last": "Dernière",
}
FILTERS = {
    "applyFilter": "Appliquer", "clearFilter": "Effacer", "resetFilter": "Réinitialiser", "cancelFilter": "Annuler",
    "textFilter": "Filtre de texte", "numberFilter": "Filtre de nombre", "bigintFilter": "Filtre de grand nombre",
    "dateFilter": "Filtre de date", "setFilter": "Filtre de valeurs", "filterOoo": "Filtrer…",
    "empty": "Choisir…", "equals": "Égal à", "notEqual": "Différent de", "lessThan": "Inférieur à",
    "greaterThan": "Supérieur à", "inRange": "Entre", "inRangeStart": "De", "inRangeEnd": "À",
    "lessThanOrEqual": "Inférieur ou égal à", "greaterThanOrEqual": "Supérieur ou égal à", "contains": "Contient",
    "notContains": "Ne contient pas", "startsWith": "Commence par", "endsWith": "Finit par", "blank": "Vide",
    "notBlank": "Non vide", "before": "Avant", "after": "Après", "andCondition": "ET", "orCondition": "OU",
    "dateFormatOoo": "aaaa-mm-jj", "blanks": "(Vides)", "selectAll": "Tout sélectionner",
    "searchOoo": "Rechercher…",
    "filterSummaryInactive": "est (tout)", "filterSummaryContains": "contient",
    "filterSummaryNotContains": "ne contient pas", "filterSummaryTextEquals": "est égal à",
    "filterSummaryTextNotEqual": "est différent de", "filterSummaryStartsWith": "commence par",
    "filterSummaryEndsWith": "finit par", "filterSummaryBlank": "est vide", "filterSummaryNotBlank": "n'est pas vide",
    "filterSummaryInRange": "entre",
}
OVERLAYS = {
    "noRowsToShow": "Aucune ligne", "noMatchingRows": "Aucune ligne ne correspond", "loadingOoo": "Chargement…",
    "exportingOoo": "Export…", "loadingError": "Erreur", "invalidDate": "Date invalide",
    "invalidNumber": "Nombre invalide", "invalidBigInt": "Nombre invalide",
    "invalidSelectionValidation": "Choix invalide.", "tooltipValidationErrorSeparator": ". ",
    "rowDragRow": "ligne", "rowDragRows": "lignes",
}
ASSISTIVE = {
    "ariaChecked": "coché", "ariaUnchecked": "non coché", "ariaIndeterminate": "partiellement coché",
    "ariaRowSelect": "Sélectionner", "ariaRowSelectAll": "Espace pour sélectionner toutes les lignes ou aucune",
    "ariaRowToggleSelection": "Espace pour sélectionner la ligne ou non",
    "ariaRowSelectionDisabled": "Sélection impossible pour cette ligne",
    "ariaColumnCellSelection": "Entrée pour sélectionner toutes les cellules visibles de la colonne",
    "ariaColumnGroupCellSelection": "Entrée pour sélectionner toutes les cellules visibles du groupe",
    "ariaColumnGroupExpansion": "Entrée pour déplier ou replier ce groupe de colonnes",
    "ariaColumnFiltered": "Colonne filtrée", "ariaDateFilterInput": "Date du filtre",
    "ariaFilterColumn": "Ctrl Entrée pour ouvrir le filtre", "ariaFilterFromValue": "Filtrer à partir de",
    "ariaFilterToValue": "Filtrer jusqu'à", "ariaFilterValue": "Valeur du filtre", "ariaFilterInput": "Filtre",
    "ariaFilterMenuOpen": "Ouvrir le menu du filtre", "ariaFilteringOperator": "Opérateur du filtre",
    "ariaHasNote": "Cette cellule a une note.", "ariaHeaderSelection": "Colonne de sélection",
    "ariaInputEditor": "Saisie", "ariaLabelColumnFilter": "Filtre de la colonne",
    "ariaLabelColumnMenu": "Menu de la colonne", "ariaLabelTooltip": "Infobulle",
    "ariaMenuColumn": "Alt Bas pour ouvrir le menu de la colonne", "ariaPendingChange": "Modification en attente",
    "ariaSkeletonCellLoading": "Chargement de la ligne", "ariaSkeletonCellLoadingFailed": "Ligne non chargée",
    "ariaDeferSkeletonCellLoading": "Chargement de la cellule", "ariaSortableColumn": "Entrée pour trier",
    "ariaSortableColumnWithCellSelection": "Alt Entrée pour trier",
    "ariaToggleCellValue": "Espace pour changer la valeur", "ariaValidationErrorPrefix": "Saisie refusée",
}
FRENCH = {**PAGINATION, **FILTERS, **OVERLAYS, **ASSISTIVE}
