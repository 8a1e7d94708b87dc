"""Weighted votes of a joint council or an AB: weights, quorum, majority, results per member, fractie, gemeente."""
