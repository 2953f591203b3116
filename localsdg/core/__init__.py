"""Pure-Python domain core of LocalSDG (no Django imports allowed here)."""
