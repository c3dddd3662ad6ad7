from django.db import models
from django.db.models import Q

from heartland.merchants.models import Merchant

from .field_rules import TAX_CATEGORIES


class Category(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name_en = models.CharField(max_length=120)
    name_zh_hans = models.CharField(max_length=120)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.parent.name_en} › {self.name_en}" if self.parent_id else self.name_en


class ProductKind(models.TextChoices):
    PHYSICAL = "physical", "Physical good"
    SERVICE = "service", "Service"


class ProductStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    DRAFT = "draft", "Draft"
    ARCHIVED = "archived", "Archived"


TaxCategory = models.TextChoices("TaxCategory", [(c, c) for c in TAX_CATEGORIES])


class Product(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="products")
    handle = models.CharField(max_length=255)
    title_en = models.CharField("title (English)", max_length=255)
    title_zh_hans = models.CharField("title (简体中文)", max_length=255, blank=True)
    title_zh_hant = models.CharField("title (繁體中文, derived)", max_length=255, blank=True, editable=False)
    description_en = models.TextField("description (English, HTML)", blank=True)
    description_zh_hans = models.TextField("description (简体中文, HTML)", blank=True)
    description_zh_hant = models.TextField(blank=True, editable=False)
    vendor = models.CharField(max_length=255, blank=True)
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="products")
    shopify_category = models.CharField("Shopify product category", max_length=500, blank=True)
    shopify_type = models.CharField("Shopify type", max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=ProductKind.choices, default=ProductKind.PHYSICAL)
    tags = models.TextField(blank=True, help_text="Comma-separated")
    status = models.CharField(max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT, db_index=True)
    origin_state = models.CharField("US state of origin", max_length=2, blank=True)
    option1_name = models.CharField(max_length=255, blank=True)
    option2_name = models.CharField(max_length=255, blank=True)
    option3_name = models.CharField(max_length=255, blank=True)
    seo_title = models.CharField(max_length=255, blank=True)
    seo_description = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["merchant", "handle"], name="catalog_product_handle_unique")]
        indexes = [models.Index(fields=["merchant", "status"])]

    def __str__(self) -> str:
        return self.title_en

    @property
    def option_names(self) -> list[str]:
        return [n for n in (self.option1_name, self.option2_name, self.option3_name) if n]


class Variant(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=1)
    option1 = models.CharField(max_length=255, blank=True)
    option2 = models.CharField(max_length=255, blank=True)
    option3 = models.CharField(max_length=255, blank=True)
    sku = models.CharField("SKU", max_length=255, blank=True)
    price_usd = models.DecimalField("price (USD)", max_digits=12, decimal_places=2)
    compare_at_price_usd = models.DecimalField("compare-at price (USD)", max_digits=12, decimal_places=2, null=True, blank=True)
    grams = models.DecimalField("weight (g)", max_digits=12, decimal_places=3, default=0)
    weight_unit = models.CharField(max_length=2, default="g", help_text="Display unit only; weight is stored in grams.")
    barcode = models.CharField(max_length=64, blank=True)
    hs_code = models.CharField("HS code", max_length=10, blank=True)
    country_of_origin = models.CharField(max_length=2, default="US")
    tax_category = models.CharField(max_length=16, choices=TaxCategory.choices, default="general")
    requires_shipping = models.BooleanField(default=True)
    taxable = models.BooleanField(default=True)
    image_src = models.CharField("variant image URL", max_length=1000, blank=True)
    unit_content = models.DecimalField("content per unit", max_digits=12, decimal_places=3, null=True, blank=True,
                                       help_text="What one unit holds (20 g of cream, 750 ml of whiskey, 30 capsules); "
                                                 "some import taxes depend on it.")
    unit_content_uom = models.CharField("content unit", max_length=5, blank=True,
                                        choices=[("g", "g"), ("ml", "ml"), ("piece", "pieces")])
    abv = models.DecimalField("alcohol by volume (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "sku"], condition=~Q(sku=""), name="catalog_variant_sku_unique"),
            models.UniqueConstraint(fields=["product", "option1", "option2", "option3"], name="catalog_variant_options_unique"),
            models.CheckConstraint(condition=Q(price_usd__gte=0), name="catalog_variant_price_nonneg"),
            models.CheckConstraint(condition=Q(grams__gte=0), name="catalog_variant_grams_nonneg"),
        ]

    def __str__(self) -> str:
        opts = self.options_label
        return f"{self.product.title_en} — {opts}" if opts else self.product.title_en

    @property
    def options_label(self) -> str:
        return " / ".join(o for o in (self.option1, self.option2, self.option3) if o and o != "Default Title")


def _image_path(instance: "ProductImage", filename: str) -> str:
    return f"products/{instance.product.merchant_id}/{instance.product_id}/{filename}"


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveIntegerField(default=1)
    alt_text = models.CharField(max_length=500, blank=True)
    src_url = models.CharField("source URL", max_length=1000, blank=True, help_text="Where an imported image lives.")
    image = models.ImageField(upload_to=_image_path, blank=True)
    thumbnail = models.ImageField(upload_to=_image_path, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    # WebP copies at phone-sized widths, narrowest first: [{"width", "height", "name"}] — `name`
    # in the media storage. Empty for imported images that only have a src_url.
    renditions = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or self.src_url or (self.image.name if self.image else f"image {self.pk}")

    @property
    def url(self) -> str:
        return self.image.url if self.image else self.src_url

    @property
    def thumbnail_url(self) -> str:
        return self.thumbnail.url if self.thumbnail else self.url

    def srcset(self, max_width: int | None = None) -> str:
        """The WebP renditions as an `srcset` ("…-240.webp 240w, …"), up to max_width wide."""
        storage = self.image.storage
        return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in self.renditions
                         if max_width is None or r["width"] <= max_width)

    @property
    def srcset_all(self) -> str:
        return self.srcset()

    @property
    def srcset_card(self) -> str:
        """Cards are at most ~200 CSS px wide: 480 px is sharp enough on a 3× phone screen."""
        return self.srcset(max_width=480)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    REFUSED = "refused", "Refused"
    FAILED = "failed", "Failed"


class ImportJob(models.Model):
    """One Shopify CSV upload, its progress and its report."""

    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    size_bytes = models.PositiveBigIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    message = models.TextField(blank=True)
    rows_seen = models.PositiveIntegerField(default=0)
    products_created = models.PositiveIntegerField(default=0)
    products_updated = models.PositiveIntegerField(default=0)
    variants_created = models.PositiveIntegerField(default=0)
    variants_updated = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.bytes_done / self.size_bytes) if self.size_bytes else 0

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED, ImportStatus.FAILED)


class ImportRowError(models.Model):
    """A rejected row: where, why, and the row itself so it can be fixed in the portal."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField(help_text="Line in the file, header = 1")
    column = models.CharField(max_length=255, blank=True)
    value = models.TextField(blank=True)
    reason = models.TextField()
    handle = models.CharField(max_length=255, blank=True)
    row = models.JSONField(default=dict)
    fixed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["row_number", "id"]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reason}"
