"""Import a region (gemeenten, personen, regelingen and their meetings) from a YAML or JSON file."""
