"""Editors' screens of plans and initiatives, under /<lang>/manage/<org>/plans/ (``manage:``).

- ``plans``: the organisation's plans as a tree, and the plan screen (the plan, its versions
  and its strategies, saved together);
- ``initiatives``: the initiative screen (its fields, goals, targets, KPIs and budget lines,
  saved together) and the target suggestions an editor may add;
- ``remap``: a plan's initiative list with one change of the mapping for those chosen.

Members of the organisation may read; its editors and admins may change; other organisations'
users get 404 (``permissions.organisation_for``), and so does an object of another organisation
whatever its number.
"""
