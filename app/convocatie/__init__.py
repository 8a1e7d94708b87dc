"""Public shareholders convene: councils ask a regeling's board for a meeting, and hold it if the board does not."""
