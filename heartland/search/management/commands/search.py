"""`manage.py search QUERY`: what the storefront's search returns, from the command line."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from heartland.search.selectors import SORTS, search_products
from heartland.search.services import log_zero_result


class Command(BaseCommand):
    help = ("Search the product index the way the storefront does (same selector). Prints the hits in rank "
            "order; --json prints a JSON array of {handle, merchant, title, score, …}.")

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="*", help="What a shopper types (several words are joined by spaces).")
        parser.add_argument("--market", default="CN", help="Market code: CN, HK, JP, KR or SG (default CN).")
        parser.add_argument("--limit", type=int, default=10, help="How many hits (1–100, default 10).")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--sort", default="relevance", choices=SORTS)
        parser.add_argument("--category", help="Category slug (children included).")
        parser.add_argument("--state", help="US state of origin, e.g. WI.")
        parser.add_argument("--merchant", help="Merchant slug.")
        parser.add_argument("--in-stock", action="store_true")
        parser.add_argument("--json", action="store_true", help="Print JSON.")
        parser.add_argument("--log-zero", action="store_true", help="Record a zero-result query (off by default here).")

    def handle(self, *args, **options):
        if not 1 <= options["limit"] <= 100:
            raise CommandError("--limit must be between 1 and 100.")
        result = search_products(
            " ".join(options["query"]), market=options["market"], category=options["category"],
            state=options["state"], merchant=options["merchant"], in_stock=options["in_stock"],
            sort=options["sort"], page=options["page"], per_page=options["limit"], log_zero=options["log_zero"],
        )
        if result.zero_result:
            log_zero_result(query=result.query, market=result.market)
        if options["json"]:
            self.stdout.write(json.dumps([h.as_dict() for h in result.hits], ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{result.total} found for '{result.query}' in {result.market}"
                          + (f" (notes: {', '.join(result.notes)})" if result.notes else "")
                          + (" [substring fallback]" if result.fallback else ""))
        for rank, hit in enumerate(result.hits, start=(result.page - 1) * result.per_page + 1):
            self.stdout.write(f"{rank:3}. {hit.score:8.3f}  {hit.merchant}/{hit.handle}  "
                              f"{hit.title_zh_hans or hit.title_en} | {hit.title_en}  ${hit.min_price_usd}"
                              + ("" if hit.in_stock else "  (out of stock)"))
