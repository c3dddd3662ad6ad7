import pytest
from django.core import mail
from django.urls import reverse

from heartland.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "ginseng-roots-2026"


def test_sign_up_with_email_logs_in_and_log_out(client):
    r = client.post(reverse("account_signup"), {"email": "New@Farm.example", "password1": PASSWORD, "password2": PASSWORD})
    assert r.status_code == 302
    user = User.objects.get()
    assert user.email == "new@farm.example" and user.check_password(PASSWORD)
    assert client.get(reverse("portal:index")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("portal:index")).status_code == 302


def test_email_is_unique_whatever_the_case(client):
    User.objects.create_user(email="ann@farm.example", password=PASSWORD)
    r = client.post(reverse("account_signup"), {"email": "ANN@farm.example", "password1": PASSWORD, "password2": PASSWORD})
    assert r.status_code == 200 and User.objects.count() == 1


def test_login_with_email_and_password(client):
    User.objects.create_user(email="ann@farm.example", password=PASSWORD)
    r = client.post(reverse("account_login"), {"login": "ann@farm.example", "password": PASSWORD})
    assert r.status_code == 302


def test_password_reset_sends_an_email(client):
    User.objects.create_user(email="ann@farm.example", password=PASSWORD)
    client.post(reverse("account_reset_password"), {"email": "ann@farm.example"})
    assert len(mail.outbox) == 1 and "ann@farm.example" in mail.outbox[0].to


def test_repeated_failed_logins_are_throttled(client):
    User.objects.create_user(email="ann@farm.example", password=PASSWORD)
    for _ in range(5):
        r = client.post(reverse("account_login"), {"login": "ann@farm.example", "password": "wrong"})
        assert r.status_code == 200
    # Even the right password is refused while the account is throttled.
    r = client.post(reverse("account_login"), {"login": "ann@farm.example", "password": PASSWORD})
    assert r.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
