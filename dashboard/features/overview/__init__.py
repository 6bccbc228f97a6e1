"""Vue d'ensemble: a region's 2030 objectives by lever, sector or thematic group, its territories and their map."""
