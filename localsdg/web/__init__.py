"""What every app's pages share, below the apps: page parts, the page cache, transactions.

Apps import from here; nothing here imports an app above ``orgs`` and ``framework``.
"""
