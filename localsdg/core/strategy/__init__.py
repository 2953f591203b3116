"""Long-term plans mapped to the SDGs, as tables: reading staff's workbooks, writing them back,
and suggesting targets for an initiative's text. Pure Python, like the rest of ``core``."""
