"""Full-text search over meetings, agenda items, voorstellen and published decisions."""
