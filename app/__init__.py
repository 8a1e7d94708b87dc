"""Tussenruimte: portaal voor gemeenschappelijke regelingen."""
