"""Import jobs: where an uploaded catalogue is kept."""
from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from heartland.catalog import import_jobs

from .factories import make_merchant, make_user

pytestmark = pytest.mark.django_db


def test_an_uploaded_catalogue_is_stored_under_a_name_no_one_can_guess():
    """The media folder is served by the web server: a name made of the merchant's public slug and
    the upload's time could be guessed, and the merchant's whole catalogue downloaded."""
    owner = make_user()
    merchant = make_merchant(slug="guessable-farm", owner=owner)
    jobs = [import_jobs.start_import(merchant=merchant, user=owner,
                                     upload=SimpleUploadedFile("products.csv", b"Handle,Title\nx,X\n"))
            for _ in range(2)]
    now = timezone.now()
    for job in jobs:
        assert re.fullmatch(rf"imports/{now:%Y}/{now:%m}/[A-Za-z0-9_-]{{22}}-guessable-farm\.csv", job.file.name), \
            job.file.name
        assert f"{now:%Y%m%d}" not in job.file.name
        with job.file.open("rb") as f:
            assert f.read() == b"Handle,Title\nx,X\n"
    assert jobs[0].file.name != jobs[1].file.name


def test_a_long_slug_still_leaves_the_whole_random_part_in_the_name():
    owner = make_user()
    merchant = make_merchant(slug="a" * 60, owner=owner)
    job = import_jobs.start_import(merchant=merchant, user=owner, upload=SimpleUploadedFile("p.csv", b"Handle,Title\n"))
    assert len(job.file.name) <= 100
    assert re.fullmatch(r"imports/\d{4}/\d{2}/[A-Za-z0-9_-]{22}-a{40}\.csv", job.file.name), job.file.name
