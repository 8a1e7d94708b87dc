"""The life of a voorstel: drafted, sent with its zienswijze deadline, handled, answered, decided, published."""
