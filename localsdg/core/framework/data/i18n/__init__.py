"""Translations of the framework texts, one YAML file per language (a package for packaging)."""
