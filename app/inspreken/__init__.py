"""Speaking rights (inspreken): a citizen registers to speak on an agenda item, confirms by e-mail, may cancel."""
