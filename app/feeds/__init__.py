"""Calendar feeds: per gemeente, regeling, orgaan, person, custom selection, and deadlines."""
