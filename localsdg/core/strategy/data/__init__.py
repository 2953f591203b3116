"""Data files of the strategy tools (a package only so that packaging ships them)."""
