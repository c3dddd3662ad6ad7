from django.db import migrations


def seed(apps, schema_editor):
    from heartland.catalog.categories import CATEGORY_TREE

    Category = apps.get_model("catalog", "Category")
    for pos, (slug, en, zh, children) in enumerate(CATEGORY_TREE):
        parent, _ = Category.objects.update_or_create(slug=slug, defaults={"name_en": en, "name_zh_hans": zh, "position": pos})
        for cpos, (cslug, cen, czh) in enumerate(children):
            Category.objects.update_or_create(
                slug=cslug, defaults={"name_en": cen, "name_zh_hans": czh, "position": cpos, "parent": parent}
            )


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
