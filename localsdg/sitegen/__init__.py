"""Static export of the public portal: every public page rendered by Django, written as files."""
