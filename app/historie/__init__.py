"""The append-only history of voorstellen and convocation requests: who changed what, and when."""
