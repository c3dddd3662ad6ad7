"""Sign-in merges the anonymous cart into the account's cart."""
from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from .models import Cart
from .services import CART_TOKEN, merge_carts


@receiver(user_logged_in)
def merge_cart_on_login(sender, request, user, **kwargs):
    key = request.session.pop(CART_TOKEN, None) if request is not None else None
    if not key:
        return
    anonymous = Cart.objects.filter(session_key=key, user__isnull=True).first()
    if anonymous is None:
        return
    mine, _ = Cart.objects.get_or_create(user=user)
    merge_carts(source=anonymous, into=mine)
