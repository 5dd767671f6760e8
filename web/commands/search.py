"""`accord search QUERY` and `accord reindex`."""
from __future__ import annotations

import json

import click

from corpus import audit

from corpus.access import SYSTEM, Principal
from corpus.sorting import DEFAULT_SORT, SORTS
from web.highlight import bracketed
from web.services import Services


def register(cli: click.Group) -> None:
    cli.add_command(search)
    cli.add_command(reindex)


def _principal(services: Services, name: str | None) -> Principal:
    """SYSTEM by default; --as USER uses that account (unknown names search with no groups)."""
    if not name:
        return SYSTEM
    from corpus.accounts import find_active
    account = find_active(services.store, name)
    return account.principal if account else Principal(name, "searcher")


@click.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000), help="Hits per page.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(1), help="Page of results.")
@click.option("--sort", default=DEFAULT_SORT, show_default=True,
              type=click.Choice(list(SORTS)))
@click.option("--filter", "filters", multiple=True, metavar="FACET=VALUE",
              help="Restrict to a facet value, e.g. type=mou, status=active, expiring_days=90 (repeatable).")
@click.option("--as", "as_user", default=None, metavar="USER", help="Search as this user (default: system).")
@click.pass_obj
def search(services: Services, query: tuple[str, ...], as_json: bool, limit: int, page: int, sort: str,
           filters: tuple[str, ...], as_user: str | None) -> None:
    """Search the repository: words, "phrases", AND/OR/NOT, field:value, prefix*, fuzzy~,
    effective:2020..2022, expires:<2027-01-01, "expiring in 90 days"."""
    from corpus.errors import UsageError
    chosen: dict[str, list[str]] = {}
    for item in filters:
        if "=" not in item:
            raise UsageError(f"--filter {item!r} is not FACET=VALUE", hint="Example: --filter type=mou")
        key, value = item.split("=", 1)
        chosen.setdefault(key.strip(), []).append(value.strip())
    results = services.index.search(" ".join(query), principal=_principal(services, as_user), page=page,
                                    per_page=limit, sort=sort, filters=chosen or None)
    audit.record(services.store, services.cli_actor(), "search", "",
                 details={"query": " ".join(query), "as": as_user or "", "filters": chosen, "hits": results.total,
                          "page": page})
    if as_json:
        click.echo(json.dumps(results.to_dict(), indent=2, ensure_ascii=False))
        return
    for hit in results.hits:
        page_note = f"p.{hit.page}" if hit.page else "-"
        click.echo(f"{hit.id:>6}  {hit.score:7.3f}  {hit.filename}  {page_note}")
        if hit.title:
            click.echo(f"        {hit.title}")
        if hit.snippet:
            click.echo(f"        {bracketed(hit.snippet, hit.spans)}")
    for name, values in results.facets.items():
        if values:
            click.echo(f"{name}: " + ", ".join(f"{value} ({count})" for value, count in values))
    if results.suggestion:
        click.echo(f"did you mean: {results.suggestion}")
    from search.query import RULES
    for found in results.date_filters:
        click.echo(f"filter: {found['label']}")
    first = (results.page - 1) * results.per_page + 1
    shown = f"{first}-{first + len(results.hits) - 1} of " if results.hits else ""
    rule = RULES.get(results.rule, "") + (" (none had all of them: some of your words)" if results.relaxed else "")
    click.echo(f"{shown}{results.total} documents (exact): {rule}")


@click.command()
@click.pass_obj
def reindex(services: Services) -> None:
    """Rebuild the search index from the store (streamed; the store stays the truth)."""
    count, caught_up = services.rebuild_index(progress=lambda n: click.echo(f"  {n} documents indexed", err=True))
    audit.record(services.store, services.cli_actor(), "reindex", "index",
                 details={"via": "cli", "documents": count, "caught_up": caught_up})
    click.echo(f"search index rebuilt: {count} documents" +
               (f"; {caught_up} changed during the rebuild re-applied" if caught_up else ""))
