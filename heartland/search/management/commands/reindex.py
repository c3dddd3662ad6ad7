"""`manage.py reindex`: rebuild the search index from the catalog, in batches."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from heartland.search.indexing import BATCH_SIZE, default_jobs, index_products, rebuild


class Command(BaseCommand):
    help = ("Rebuild the product search index from the catalog, in batches (one transaction each): "
            "listed products get a document, others lose theirs. Safe to run at any time, and again. "
            "With --product, re-index only those products.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help=f"Products per batch (default {BATCH_SIZE}).")
        parser.add_argument("--jobs", type=int, default=None,
                            help="Worker processes for a full rebuild (default: one per core; 1 on an in-memory "
                                 "SQLite database).")
        parser.add_argument("--product", type=int, action="append", default=[], help="Re-index only this product id "
                            "(repeatable).")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["jobs"] is not None and options["jobs"] < 1:
            raise CommandError("--jobs must be at least 1.")
        if options["product"]:
            listed = index_products(options["product"])
            self.stdout.write(self.style.SUCCESS(f"reindex: {len(set(options['product']))} products, {listed} listed."))
            return
        verbosity = options["verbosity"]
        every = max(options["batch_size"], 20_000)
        marks = {"next": every}

        def progress(report):
            if verbosity >= 1 and report.products >= marks["next"]:
                marks["next"] += every
                self.stdout.write(f"  … {report.products:,} products ({report.per_second:,.0f}/s)")

        jobs = options["jobs"] or default_jobs()
        report = rebuild(batch_size=options["batch_size"], jobs=jobs, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"reindex: {report.products:,} products read, {report.listed:,} listed, in {report.seconds:.1f}s "
            f"({report.per_second:,.0f} products/s, {jobs} job{'s' if jobs > 1 else ''})."
        ))
