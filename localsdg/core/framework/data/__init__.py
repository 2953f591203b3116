"""Framework data files (a package only so that packaging ships the YAML files in it)."""
