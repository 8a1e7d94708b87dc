"""Public decisions: per voorstel the position of every council, lists per regeling and gemeente, Atom and exports."""
