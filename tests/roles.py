"""Who may do what in the demo: written out by hand from the rules, not computed by the code
under test, so the permission tests compare the code against an independent statement."""

ORGS = ["tokyo", "shinjuku", "hachioji", "okutama", "mitaka"]
USERS = [
    "tokyo-admin", "tokyo-editor", "tokyo-viewer", "shinjuku-admin", "shinjuku-editor",
    "shinjuku-viewer", "hachioji-admin", "mitaka-editor", "superuser",
]  # fmt: skip

VIEW = {
    "tokyo-admin": set(ORGS),  # own organisation, plus every member through the hub
    "tokyo-editor": {"tokyo"},
    "tokyo-viewer": {"tokyo"},
    "shinjuku-admin": {"shinjuku"},
    "shinjuku-editor": {"shinjuku"},
    "shinjuku-viewer": {"shinjuku"},
    "hachioji-admin": {"hachioji"},
    "mitaka-editor": {"mitaka"},
    "superuser": set(ORGS),
}
EDIT = {
    "tokyo-admin": {"tokyo"},
    "tokyo-editor": {"tokyo"},
    "shinjuku-admin": {"shinjuku"},
    "shinjuku-editor": {"shinjuku"},
    "hachioji-admin": {"hachioji"},
    "mitaka-editor": {"mitaka"},
    "superuser": set(ORGS),
}
MANAGE = {
    "tokyo-admin": {"tokyo"},
    "shinjuku-admin": {"shinjuku"},
    "hachioji-admin": {"hachioji"},
    "superuser": set(ORGS),
}
