from django.core.management.base import BaseCommand

from heartland.catalog.models import ProductImage
from heartland.catalog.services import store_renditions


class Command(BaseCommand):
    help = ("Make the WebP renditions (phone widths, for srcset) of uploaded product images that have none: "
            "images stored before renditions existed. Imported images that only have a source URL are skipped.")

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="remake the renditions of every uploaded image")

    def handle(self, *args, **opts):
        images = ProductImage.objects.exclude(image="").select_related("product").order_by("pk")
        if not opts["all"]:
            images = images.filter(renditions=[])
        done = failed = 0
        for image in images.iterator(chunk_size=200):
            if store_renditions(image=image):
                done += 1
            else:
                failed += 1
                self.stderr.write(f"image {image.pk} ({image.image.name}): original missing or unreadable, skipped")
        self.stdout.write(f"{done} images given WebP renditions, {failed} skipped")
