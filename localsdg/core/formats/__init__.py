"""Readers and writers for indicator data files (tidy CSV, Excel, Open SDG, SDMX-CSV).

Every format turns files into a :class:`~localsdg.core.formats.model.DataSet` and back; the
registry in :mod:`localsdg.core.formats.registry` is the one place that lists them.
"""
