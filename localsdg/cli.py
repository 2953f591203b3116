"""The ``localsdg`` command: the front door for operators.

Every command takes ``--data-dir`` (or ``LOCALSDG_DATA_DIR``), so several independent instances
can live side by side. Errors are one clear line and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

console = Console()

app = typer.Typer(
    help="LocalSDG: localize the UN Sustainable Development Goals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
framework_app = typer.Typer(help="The official SDG framework data.", no_args_is_help=True)
org_app = typer.Typer(
    help="Organisations (hub governments and municipalities).", no_args_is_help=True
)
data_app = typer.Typer(help="Data releases: list them, roll one back.", no_args_is_help=True)
app.add_typer(framework_app, name="framework")
app.add_typer(org_app, name="org")
app.add_typer(data_app, name="data")
apikey_app = typer.Typer(help="API keys for importing data through the API.", no_args_is_help=True)
app.add_typer(apikey_app, name="apikey")
search_app = typer.Typer(help="The search index of the portal.", no_args_is_help=True)
app.add_typer(search_app, name="search")
strategy_app = typer.Typer(
    help="Long-term plans: import and export their initiatives tables.", no_args_is_help=True
)
app.add_typer(strategy_app, name="strategy")

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="LOCALSDG_DATA_DIR",
        help="Folder for this instance's database, uploads and keys.",
        file_okay=False,
    ),
]


class CommandError(Exception):
    """An operator mistake or a broken environment: shown as one line."""


def setup(data_dir: Path | None) -> None:
    """Point the settings at ``data_dir`` and start Django (imported late on purpose)."""
    if data_dir is not None:
        os.environ["LOCALSDG_DATA_DIR"] = str(data_dir.expanduser().resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localsdg.settings")
    import django

    django.setup()


def call(command: str, *args: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(command, *args, **options)


def migrate_quietly() -> None:
    call("migrate", interactive=False, verbosity=0)


def collect_static() -> None:
    call("collectstatic", interactive=False, verbosity=0)


def run_server(host: str, port: int, workers: int) -> None:
    """Serve with gunicorn, which forks its workers from this process.

    Never call this after the process has computed with polars: a forked worker inherits the
    locks of polars' thread pool but not its threads, and waits forever on its first
    computation. ``serve`` only checks and collects files first; ``demo`` loads in a child.
    """
    from gunicorn.app.base import BaseApplication

    from localsdg.wsgi import application

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("graceful_timeout", 10)
            if "control_socket_disable" in self.cfg.settings:
                # One default socket path for every instance: side by side they would clash.
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return application

    console.print(f"Serving LocalSDG on [bold]http://{host}:{port}/[/] (Ctrl+C stops)")
    Server().run()


@app.command()
def demo(
    data_dir: DataDir = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "127.0.0.1",
    workers: Annotated[int, typer.Option(help="Server worker processes.")] = 2,
    serve_demo: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve after loading.")
    ] = True,
) -> None:
    """Set up the demo (hub government, municipalities, users) and serve it."""
    os.environ.setdefault("LOCALSDG_HTTPS", "false")
    os.environ.setdefault("LOCALSDG_ALLOWED_HOSTS", f"{host},localhost,127.0.0.1")
    folder = (data_dir or Path(".localsdg-demo")).expanduser().resolve()
    if serve_demo:
        # Loading computes with polars, and gunicorn must not fork a process that did (see
        # run_server): a fresh process of this command loads and prints the accounts, then
        # this one, which never computed anything, serves.
        import subprocess

        entry = "from localsdg.cli import main; main()"
        where = ["--data-dir", str(folder), "--host", host, "--port", str(port)]
        loaded = subprocess.run([sys.executable, "-P", "-c", entry, "demo", "--no-serve", *where])
        if loaded.returncode != 0:
            raise typer.Exit(loaded.returncode)
        setup(folder)
        run_server(host, port, workers)
        return
    setup(folder)
    from localsdg.demo import load_demo

    migrate_quietly()
    accounts = load_demo()
    collect_static()
    table = Table(title="Demo accounts (new passwords on every run)")
    for column in ("user", "password", "organisation", "role"):
        table.add_column(column)
    for account in accounts:
        table.add_row(account.username, account.password, account.organisation, account.role)
    console.print(table)
    console.print(
        f"Portal: http://{host}:{port}/en/ and http://{host}:{port}/ja/ · "
        f"Sign in: http://{host}:{port}/en/accounts/login/"
    )


@app.command()
def serve(
    data_dir: DataDir = None,
    host: Annotated[str, typer.Option(envvar="LOCALSDG_HOST", help="Address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="LOCALSDG_PORT", help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(envvar="LOCALSDG_WORKERS", help="Workers.")] = 2,
) -> None:
    """Serve the site with a production server (gunicorn) and compressed static files."""
    setup(data_dir)
    from localsdg.web.health import check_database, check_migrations

    check_database()
    check_migrations()
    collect_static()
    run_server(host, port, workers)


@app.command()
def migrate(data_dir: DataDir = None) -> None:
    """Create or update the database tables (and load the SDG framework)."""
    setup(data_dir)
    call("migrate", interactive=False, verbosity=1)


@app.command()
def createadmin(
    username: Annotated[str, typer.Argument(help="User name of the new superuser.")],
    data_dir: DataDir = None,
    email: Annotated[str, typer.Option(help="E-mail address.")] = "",
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="LOCALSDG_ADMIN_PASSWORD",
            help="Password (asked for when not given).",
        ),
    ] = "",
) -> None:
    """Create a superuser, who may manage every organisation and account."""
    setup(data_dir)
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise CommandError(f"a user named {username!r} already exists")
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as exc:
        raise CommandError("password rejected: " + " ".join(exc.messages)) from None
    User.objects.create_superuser(username=username, email=email, password=password)
    console.print(f"Superuser [bold]{username}[/] created.")


@search_app.command("reindex")
def search_reindex(data_dir: DataDir = None) -> None:
    """Rebuild the search index from the framework and the published indicators."""
    setup(data_dir)
    from localsdg.search.indexing import rebuild_all

    count = rebuild_all()
    console.print(f"Search index rebuilt: {count} entries.")


@framework_app.command("stats")
def framework_stats() -> None:
    """Counts of goals, targets and indicators, and translation completeness per language."""
    from localsdg.core.framework import REFERENCE_LANGUAGE, load_framework

    framework = load_framework()
    console.print(f"Revision: {framework.revision}")
    console.print(
        f"{len(framework.goals)} goals · {len(framework.targets)} targets · "
        f"{len(framework.indicators)} indicators listed "
        f"({framework.unique_indicator_count} unique) · {len(framework.aliases)} older codes kept"
    )
    table = Table(title="Texts per language")
    for column in ("language", "goals", "targets", "indicators", "complete"):
        table.add_column(column, justify="right")
    for stat in framework.stats():
        table.add_row(
            stat.language,
            f"{stat.goals_translated}/{stat.goals_total}",
            f"{stat.targets_translated}/{stat.targets_total}",
            f"{stat.indicators_translated}/{stat.indicators_total}",
            f"{stat.percent:.1f} %",
        )
    console.print(table)
    console.print("Sources of the translated texts:")
    for lang in [code for code in framework.languages if code != REFERENCE_LANGUAGE]:
        for block in ("goals", "targets", "indicators"):
            source = framework.text_source(lang, block)
            line = f"{source.file}: {source.source}" if source else "none yet (English is shown)"
            if source and source.licence:
                line += f"; licence: {source.licence}"
            console.print(f"  {lang} {block}: {line}", markup=False, highlight=False)


@org_app.command("create")
def org_create(
    slug: Annotated[str, typer.Argument(help="Short name used in URLs, e.g. shinjuku.")],
    name_en: Annotated[str, typer.Option("--name-en", help="Name in English.")],
    name_ja: Annotated[str, typer.Option("--name-ja", help="Name in Japanese.")] = "",
    hub: Annotated[str | None, typer.Option(help="Slug of the hub it belongs to.")] = None,
    kind: Annotated[
        str, typer.Option(help="prefecture, city, ward, town, village, region, other")
    ] = "city",
    data_dir: DataDir = None,
) -> None:
    """Create an organisation, optionally as a member of a hub."""
    setup(data_dir)
    from django.core.exceptions import ValidationError

    from localsdg.orgs.models import Organisation

    hub_org = None
    if hub:
        hub_org = Organisation.objects.filter(slug=hub).first()
        if hub_org is None:
            raise CommandError(f"there is no organisation {hub!r} to be the hub")
    org = Organisation(slug=slug, name_en=name_en, name_ja=name_ja, kind=kind, hub=hub_org)
    try:
        org.full_clean()
    except ValidationError as exc:
        problems = "; ".join(
            f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items()
        )
        raise CommandError(f"cannot create {slug!r}: {problems}") from None
    org.save()
    console.print(f"Organisation [bold]{slug}[/] created" + (f" under {hub}." if hub else "."))


@org_app.command("list")
def org_list(data_dir: DataDir = None) -> None:
    """List organisations with their hub, kind and whether they are published."""
    setup(data_dir)
    from localsdg.orgs.models import Organisation

    table = Table()
    for column in ("slug", "name (en)", "name (ja)", "kind", "hub", "published"):
        table.add_column(column)
    for org in Organisation.objects.select_related("hub").order_by("hub_id", "slug"):
        hub_slug = org.hub.slug if org.hub else "—"
        table.add_row(
            org.slug,
            org.name_en,
            org.name_ja,
            org.kind,
            hub_slug,
            "yes" if org.is_published else "no",
        )
    console.print(table)


def organisation(slug: str) -> Any:
    from localsdg.orgs.models import Organisation

    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise CommandError(f"there is no organisation {slug!r} (see `localsdg org list`)")
    return org


def print_problems(problems: list[Any], limit: int = 200) -> None:
    if not problems:
        return
    table = Table(title=f"Problems ({len(problems)})")
    for column in ("level", "where", "problem"):
        table.add_column(column, overflow="fold")
    for problem in problems[:limit]:
        colour = "red" if problem.level == "error" else "yellow"
        table.add_row(f"[{colour}]{problem.level}[/]", problem.location(), problem.message)
    console.print(table)
    if len(problems) > limit:
        console.print(f"… and {len(problems) - limit} more")


def print_preview(result: Any) -> None:
    table = Table(title="What the import would change")
    for column in ("indicator", "added", "changed", "removed", "unchanged"):
        table.add_column(column, justify="right" if column != "indicator" else "left")
    for diff in result.indicators:
        name = diff.code + (" (new)" if diff.is_new else "")
        table.add_row(
            name, *(str(getattr(diff, c)) for c in ("added", "changed", "removed", "unchanged"))
        )
    if result.indicators:
        console.print(table)
    if result.data.placeholders:
        console.print(f"{len(result.data.placeholders)} placeholder files recognised and skipped.")


class OnDuplicate(StrEnum):
    """What ``import --on-duplicate`` does with rows that give one observation twice."""

    error = "error"
    first = "first"
    last = "last"


@app.command("import")
def import_data(
    file_format: Annotated[
        str, typer.Argument(metavar="FORMAT", help="csv, xlsx, opensdg or sdmx.")
    ],
    path: Annotated[Path, typer.Argument(help="File or folder to import.")],
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and preview only.")] = False,
    on_duplicate: Annotated[
        OnDuplicate,
        typer.Option(help="error, first or last: what to do with conflicting duplicates."),
    ] = OnDuplicate.error,
    note: Annotated[str, typer.Option(help="Note stored with the data release.")] = "",
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Store the valid indicators; skip (and list) every file and indicator with "
            "errors. Without it, any error stores nothing.",
        ),
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Validate a data file, show what would change, then store it as one data release.

    All or nothing unless --skip-invalid: then the files and indicators that errors name are
    left out, listed with their errors and recorded in the release, and the rest is stored.
    """
    setup(data_dir)
    from localsdg.indicators import imports, releases

    target = organisation(org)
    source = imports.read_source(path, file_format, on_duplicate.value)
    checked = imports.check(target, source, skip_invalid=skip_invalid)
    result = checked.preview
    print_preview(result)
    print_skipped(result.skipped)
    print_problems(result.problems)
    if checked.refusal is not None:
        raise CommandError(checked.refusal.message)
    if dry_run:
        console.print("Dry run: nothing was stored.")
        return
    try:
        release = imports.store(target, checked, note=note)
    except releases.ReleaseError as exc:
        raise CommandError(str(exc)) from None
    if release is None:
        console.print("No observation changed: no data release was made (metadata saved).")
        return
    skipped = (
        f" {len(result.skipped)} skipped (listed above, recorded with the release)."
        if result.skipped
        else ""
    )
    console.print(
        f"Data release #{release.pk}: {release.added} added, {release.changed} changed, "
        f"{release.removed} removed.{skipped}"
    )


def print_skipped(skipped: list[Any]) -> None:
    """The files and indicators --skip-invalid leaves out, each with its first error."""
    if not skipped:
        return
    table = Table(title=f"Skipped as invalid ({len(skipped)})")
    for column in ("file", "indicator", "why"):
        table.add_column(column, overflow="fold")
    for entry in skipped:
        first, more = entry.problems[0], len(entry.problems) - 1
        why = f"{first.location()}: {first.message}" + (f" (and {more} more)" if more else "")
        table.add_row(entry.file or "—", entry.indicator or "—", why)
    console.print(table)


@app.command("export")
def export_data(
    file_format: Annotated[
        str, typer.Argument(metavar="FORMAT", help="csv, xlsx, opensdg or sdmx.")
    ],
    outdir: Annotated[Path, typer.Argument(help="Folder to write into (created if missing).")],
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    published_only: Annotated[bool, typer.Option(help="Only published indicators.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Write an organisation's indicator data out in one of the import formats."""
    setup(data_dir)
    from localsdg.core.formats.registry import get_format
    from localsdg.indicators.datasets import dataset_for

    writer = get_format(file_format)
    data = dataset_for(organisation(org), published_only=published_only)
    outdir.mkdir(parents=True, exist_ok=True)
    written = writer.write(data, outdir)
    console.print(
        f"Wrote {len(written)} files ({data.observations.height} observations of "
        f"{len(data.indicators)} indicators) to {outdir}."
    )


@strategy_app.command("import")
def strategy_import(
    path: Annotated[Path, typer.Argument(help="Initiatives table: .csv or .xlsx.")],
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Short name or name of the plan (needed when it has several)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and preview only.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Check an initiatives table, show what would change, then store it in the plan.

    One transaction: any error stores nothing. Warnings (a target of a goal the initiative
    does not list, a KPI naming an unknown indicator) are shown and do not stop the import.
    """
    setup(data_dir)
    from localsdg.core.strategy.tables import read_initiatives
    from localsdg.strategy import imports

    target = organisation(org)
    try:
        chosen = imports.plan_for(target, plan)
    except imports.PlanNotFound as exc:
        raise CommandError(str(exc)) from None
    preview = imports.preview(chosen, read_initiatives(path, path.name))
    print_problems([*preview.table.problems, *preview.warnings])
    counts = {action: preview.count(action) for action in ("new", "changed", "unchanged")}
    console.print(
        f"{len(preview.changes)} initiatives: {counts['new']} new, {counts['changed']} changed, "
        f"{counts['unchanged']} unchanged; {len(preview.new_strategies)} new strategies."
    )
    if not preview.ok:
        count = len(preview.errors)
        raise CommandError(f"{count} error{'s' * (count != 1)} in {path}: nothing was stored")
    if dry_run:
        console.print("Dry run: nothing was stored.")
        return
    written = imports.apply(preview)
    console.print(f"Stored {written} initiatives in {chosen.slug}.")


@strategy_app.command("export")
def strategy_export(
    outdir: Annotated[Path, typer.Argument(help="Folder to write <plan>.csv and <plan>.xlsx to.")],
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    plan: Annotated[
        str | None,
        typer.Option("--plan", help="Short name or name of the plan (default: every plan)."),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Write each plan's initiatives as CSV and xlsx tables that import back unchanged."""
    setup(data_dir)
    from localsdg.core.strategy.tables import initiatives_csv, initiatives_xlsx
    from localsdg.strategy import imports
    from localsdg.strategy.exports import plan_rows
    from localsdg.strategy.models import Plan

    target = organisation(org)
    try:
        plans = [imports.plan_for(target, plan)] if plan else list(Plan.objects.for_org(target))
    except imports.PlanNotFound as exc:
        raise CommandError(str(exc)) from None
    outdir.mkdir(parents=True, exist_ok=True)
    for chosen in plans:
        rows = plan_rows(chosen)
        (outdir / f"{chosen.slug}.csv").write_bytes(initiatives_csv(rows))
        (outdir / f"{chosen.slug}.xlsx").write_bytes(initiatives_xlsx(rows))
        console.print(f"{chosen.slug}: {len(rows)} initiatives → {outdir}/{chosen.slug}.csv, .xlsx")


@data_app.command("releases")
def data_releases(
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    data_dir: DataDir = None,
) -> None:
    """List an organisation's data releases, newest first."""
    setup(data_dir)
    from django.utils import timezone

    from localsdg.indicators.models import DataRelease

    table = Table()
    columns = ("release", "when", "kind", "source", "added", "changed", "removed", "skipped")
    for column in (*columns, "state"):
        table.add_column(column)
    for release in DataRelease.objects.filter(organisation=organisation(org)):
        state = "rolled back" if hasattr(release, "rolled_back_by") else ""
        names = [s.get("indicator") or s.get("file", "") for s in release.skipped]
        skipped = ", ".join(names[:3]) + (f" … ({len(names)} in all)" if len(names) > 3 else "")
        table.add_row(
            f"#{release.pk}", f"{timezone.localtime(release.created):%Y-%m-%d %H:%M}", release.kind,
            release.source_name, str(release.added), str(release.changed), str(release.removed),
            skipped, state,
        )  # fmt: skip
    console.print(table)


@data_app.command("rollback")
def data_rollback(
    release: Annotated[int, typer.Argument(help="Number of the release to undo.")],
    data_dir: DataDir = None,
) -> None:
    """Restore the observations to their state before a data release."""
    setup(data_dir)
    from localsdg.indicators import releases
    from localsdg.indicators.models import DataRelease

    record = DataRelease.objects.filter(pk=release).first()
    if record is None:
        raise CommandError(f"there is no data release #{release}")
    try:
        undo = releases.rollback(record)
    except releases.ReleaseError as exc:
        raise CommandError(str(exc)) from None
    console.print(
        f"Release #{release} rolled back (recorded as release #{undo.pk}): "
        f"{undo.removed} observations removed, {undo.changed} restored, {undo.added} put back."
    )


@app.command()
def assess(
    method: Annotated[
        str, typer.Option("--method", help="Progress method: unsd, escap, opensdg, sdsn, ...")
    ],
    input_path: Annotated[
        Path,
        typer.Option(
            "--input", help="Values CSV: entity,indicator,series,year,value.", dir_okay=False
        ),
    ],
    output: Annotated[Path, typer.Option("--output", help="Results CSV to write.", dir_okay=False)],
    spec: Annotated[
        Path | None,
        typer.Option(
            "--spec",
            help="Spec CSV: indicator,series,goal,direction and the columns the method needs "
            "(base_year,target,target_year,limit,best,worst,green,red,in_index).",
            dir_okay=False,
        ),
    ] = None,
    base_year: Annotated[
        float | None, typer.Option(help="Base year (default: the method's own rule).")
    ] = None,
    target_year: Annotated[float, typer.Option(help="Target year.")] = 2030.0,
) -> None:
    """Assess progress from tidy CSV files, without a database, and write the results."""
    from localsdg.core.progress.base import MethodError, Options
    from localsdg.core.progress.files import assess_files, summary, write_results

    options = Options(base_year=base_year, target_year=target_year)
    try:
        run = assess_files(method, input_path, spec, options)
    except MethodError as exc:
        raise CommandError(str(exc)) from None
    print_problems(run.problems)
    if not run.ok or run.results is None:
        errors = run.errors
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CommandError(f"{errors[0]}{more}: no results were written")
    write_results(run.results, output)
    table = Table(title=f"{method}: results by level and status")
    for column in ("level", "status", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for level, status, count in summary(run.results):
        table.add_row(level, status, str(count))
    console.print(table)
    console.print(f"Wrote {run.results.height} results to {output}.")


@app.command("export-site")
def export_site(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the site into (created).")],
    org: Annotated[
        str | None, typer.Option("--org", help="Only this organisation's pages.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Comma-separated languages, e.g. ja,en.")
    ] = None,
    base_url: Annotated[
        str,
        typer.Option(help="Public URL of the site, e.g. https://example.org/sdg/ (sitemap)."),
    ] = "",
    workers: Annotated[int, typer.Option(help="Processes rendering pages.")] = 2,
    data_dir: DataDir = None,
) -> None:
    """Write the public portal as a static site that works from any folder of any host."""
    from rich.progress import Progress

    setup(data_dir)
    from localsdg.sitegen.export import ExportError
    from localsdg.sitegen.export import export_site as run_export

    langs = [code.strip() for code in lang.split(",") if code.strip()] if lang else None
    if base_url and not base_url.startswith(("http://", "https://")):
        raise CommandError("--base-url must start with http:// or https://")
    collect_static()
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("Rendering pages", total=None)
        try:
            summary = run_export(
                outdir,
                org=org,
                langs=langs,
                base_url=base_url,
                workers=workers,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except ExportError as exc:
            raise CommandError(str(exc)) from None
    console.print(
        f"{summary.pages} pages, {summary.files} files ({summary.bytes / 2**20:.1f} MiB) "
        f"in {outdir}: {summary.line()}.",
        soft_wrap=True,
    )


@app.command()
def check(data_dir: DataDir = None) -> None:
    """Check the configuration and the database; exit non-zero on the first problem."""
    setup(data_dir)
    from localsdg.web.health import run_checks

    for line in run_checks():
        console.print(f"[green]✓[/] {line}")


@apikey_app.command("create")
def apikey_create(
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    name: Annotated[str, typer.Option("--name", help="What the key is for.")],
    data_dir: DataDir = None,
) -> None:
    """Create an API key and print it once: it is stored only as a hash."""
    setup(data_dir)
    from localsdg.api.keys import create_key

    if not name.strip():
        raise CommandError("--name must not be empty")
    key, plain = create_key(organisation(org), name)
    console.print(f"API key {key.prefix} for {org} created. Copy it now, it is not shown again:")
    print(plain)


@apikey_app.command("list")
def apikey_list(
    org: Annotated[str, typer.Option("--org", help="Slug of the organisation.")],
    data_dir: DataDir = None,
) -> None:
    """List an organisation's API keys (prefixes and names, never the keys)."""
    setup(data_dir)
    from django.utils import timezone

    from localsdg.api.models import ApiKey

    def when(moment: Any) -> str:
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"

    table = Table()
    for column in ("prefix", "name", "created", "last used", "state"):
        table.add_column(column)
    for key in ApiKey.objects.filter(organisation=organisation(org)):
        state = f"revoked {when(key.revoked)}" if key.revoked else "active"
        table.add_row(key.prefix, key.name, when(key.created), when(key.last_used), state)
    console.print(table)


@apikey_app.command("revoke")
def apikey_revoke(
    prefix: Annotated[str, typer.Argument(help="Prefix of the key (see `localsdg apikey list`).")],
    data_dir: DataDir = None,
) -> None:
    """Revoke an API key: it stops working at once."""
    setup(data_dir)
    from localsdg.api.keys import revoke
    from localsdg.api.models import ApiKey

    key = ApiKey.objects.filter(prefix=prefix.strip()).first()
    if key is None:
        raise CommandError(f"there is no API key with prefix {prefix!r}")
    if key.revoked:
        raise CommandError(f"API key {key.prefix} was already revoked")
    revoke(key)
    console.print(f"API key {key.prefix} ({key.name}) revoked.")


def main() -> None:
    """Console entry point: turn every failure into one line on stderr and exit 1."""
    try:
        app()
    except CommandError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
        fail(" ".join(str(exc).split()) or type(exc).__name__)


def fail(message: str) -> None:
    """One line on stderr (never wrapped, so scripts can read it) and exit status 1."""
    print(f"Error: {message}", file=sys.stderr)
    sys.exit(1)
