"""Diagnostic partagé: indicators mapped, ranked and followed over the years."""
