"""The summary of an import, as the command line and the imports page show it (loaders/journal.py)."""

from loaders.journal import Counts


def test_an_import_summary_agrees_with_its_count():
    assert Counts(added=1).describe("valeur", feminine=True) == "1 valeur : 1 ajoutée, 0 modifiée, 0 inchangée"
    assert Counts(changed=2, unchanged=1).describe("objectif régional", "objectifs régionaux") == (
        "3 objectifs régionaux : 0 ajouté, 2 modifiés, 1 inchangé")
    assert Counts(added=2, removed=1).describe("lien d'appartenance", "liens d'appartenance") == (
        "2 liens d'appartenance : 2 ajoutés, 0 modifié, 0 inchangé, 1 retiré")
