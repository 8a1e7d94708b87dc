"""The yearly accountability meeting of a regeling: planned across councils, every council invited, attendance kept."""
