import base64
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from heartland.payments import keys, signing

from .conftest import GATEWAY_KEY, INTRUDER_KEY, PLATFORM_KEY

PUB = PLATFORM_KEY.public_key()


def test_signing_string_is_sorted_non_empty_params_without_sign_and_sign_type():
    params = {"total_amount": "523.00", "app_id": "2021", "sign": "x", "sign_type": "RSA2", "body": "",
              "biz_content": '{"a":"b"}', "charset": "utf-8"}
    assert signing.signing_string(params) == 'app_id=2021&biz_content={"a":"b"}&charset=utf-8&total_amount=523.00'


def test_round_trip_and_any_change_fails():
    params = {"out_trade_no": "PAY1", "total_amount": "523.00", "subject": "牛肉干 2 袋", "currency": "CNY"}
    signed = signing.signed(params, PLATFORM_KEY)
    assert signed["sign_type"] == "RSA2" and base64.b64decode(signed["sign"])
    assert signing.verify(signed, PUB)
    for key in params:
        assert not signing.verify({**signed, key: params[key] + "0"}, PUB), key
        assert not signing.verify({k: v for k, v in signed.items() if k != key}, PUB), key
    assert not signing.verify({**signed, "extra": "1"}, PUB)
    assert not signing.verify(signed, GATEWAY_KEY.public_key())  # wrong key
    assert not signing.verify(signing.signed(params, INTRUDER_KEY), PUB)  # signed by someone else
    assert not signing.verify({**signed, "sign": ""}, PUB)
    assert not signing.verify({k: v for k, v in signed.items() if k != "sign"}, PUB)
    assert not signing.verify({**signed, "sign": "not base64!"}, PUB)
    assert not signing.verify({**signed, "sign_type": "RSA"}, PUB)  # no downgrade
    assert not signing.verify({**signed, "total_amount": 523}, PUB)  # non-text value


def test_ambiguous_params_cannot_be_signed_nor_verified():
    with pytest.raises(signing.SigningError):
        signing.signed({"a": "1&b=2"}, PLATFORM_KEY)
    with pytest.raises(signing.SigningError):
        signing.signed({"a=b": "1"}, PLATFORM_KEY)
    # The classic splice: {"a": "1", "b": "2"} signed must not verify as {"a": "1&b=2"}.
    signed = signing.signed({"a": "1", "b": "2"}, PLATFORM_KEY)
    assert not signing.verify({"a": "1&b=2", "sign": signed["sign"], "sign_type": "RSA2"}, PUB)
    assert signing.dumps_json({"subject": "A&B"}) == '{"subject":"A\\u0026B"}'


def test_encrypted_field_round_trip():
    token = signing.encrypt_field("11010519491231002X", GATEWAY_KEY.public_key())
    assert "1101" not in token
    assert signing.decrypt_field(token, GATEWAY_KEY) == "11010519491231002X"
    with pytest.raises(ValueError):
        signing.decrypt_field(token, PLATFORM_KEY)


keys_st = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
values_st = st.text(alphabet=st.characters(blacklist_characters="&", blacklist_categories=("Cs",)), min_size=1,
                    max_size=20)
param_sets = st.dictionaries(keys_st.filter(lambda k: k not in ("sign", "sign_type")), values_st, min_size=1,
                             max_size=8)


@st.composite
def tampered(draw):
    original = draw(param_sets)
    changed = dict(original)
    how = draw(st.sampled_from(["change", "drop", "add", "rename"]))
    key = draw(st.sampled_from(sorted(original)))
    if how == "change":
        changed[key] = draw(values_st.filter(lambda v: v != original[key]))
    elif how == "drop":
        del changed[key]
    elif how == "add":
        new = draw(keys_st.filter(lambda k: k not in original and k not in ("sign", "sign_type")))
        changed[new] = draw(values_st)
    else:
        new = draw(keys_st.filter(lambda k: k not in original and k not in ("sign", "sign_type")))
        changed[new] = changed.pop(key)
    return original, changed


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tampered())
def test_verification_never_passes_for_a_tampered_param_set(pair):
    original, changed = pair
    signed = signing.signed(original, PLATFORM_KEY)
    assert signing.verify(signed, PUB)
    forged = {**changed, "sign": signed["sign"], "sign_type": "RSA2"}
    assert not signing.verify(forged, PUB)


# --- keys ---------------------------------------------------------------------------------------

def _clear_keys(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    for name in keys.ENV.values():
        setattr(settings, name, "")


def test_keys_are_generated_once_outside_the_repo_with_private_permissions(settings, tmp_path):
    _clear_keys(settings, tmp_path)
    first = keys.sandbox_keys()
    for name in keys.FILES.values():
        path = tmp_path / "secrets" / name
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert "PRIVATE KEY" in path.read_text()
    assert stat.S_IMODE(os.stat(tmp_path / "secrets").st_mode) == 0o700
    keys._load.cache_clear()
    again = keys.sandbox_keys()
    assert signing.public_key_to_pem(first.gateway.public) == signing.public_key_to_pem(again.gateway.public)
    assert signing.public_key_to_pem(first.platform.public) != signing.public_key_to_pem(first.gateway.public)


def test_keys_from_the_environment_with_escaped_newlines(settings, tmp_path, monkeypatch):
    _clear_keys(settings, tmp_path)
    for name in keys.ENV.values():
        delattr(settings, name)
    pem = signing.private_key_to_pem(PLATFORM_KEY).replace("\n", "\\n")
    monkeypatch.setenv("HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY", pem)
    monkeypatch.setenv("HEARTLAND_SANDBOX_GATEWAY_PUBLIC_KEY", signing.public_key_to_pem(GATEWAY_KEY.public_key()))
    got = keys.sandbox_keys()
    assert signing.public_key_to_pem(got.platform.public) == signing.public_key_to_pem(PUB)
    assert got.gateway.private is None  # the gateway lives elsewhere: only its public key here
    with pytest.raises(ImproperlyConfigured):
        got.gateway.require_private("gateway")
    assert not (tmp_path / "secrets").exists()  # nothing generated


def test_a_public_key_that_is_not_the_private_keys_half_is_refused(settings, tmp_path):
    _clear_keys(settings, tmp_path)
    settings.HEARTLAND_SANDBOX_PLATFORM_PRIVATE_KEY = signing.private_key_to_pem(PLATFORM_KEY)
    settings.HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY = signing.public_key_to_pem(INTRUDER_KEY.public_key())
    with pytest.raises(ImproperlyConfigured, match="not the public half"):
        keys.sandbox_keys()
    settings.HEARTLAND_SANDBOX_PLATFORM_PUBLIC_KEY = "garbage"
    with pytest.raises(ImproperlyConfigured):
        keys.sandbox_keys()
