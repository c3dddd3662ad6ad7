from django.db import migrations

MARKETS = [
    # code, English, 简体中文, currency, language, locale, timezone, display rounding
    ("CN", "Mainland China", "中国大陆", "CNY", "zh-hans", "zh_Hans_CN", "Asia/Shanghai", "0.1"),
    ("HK", "Hong Kong", "中国香港", "HKD", "zh-hant", "zh_Hant_HK", "Asia/Hong_Kong", "0.1"),
    ("JP", "Japan", "日本", "JPY", "en", "ja_JP", "Asia/Tokyo", "10"),
    ("KR", "South Korea", "韩国", "KRW", "en", "ko_KR", "Asia/Seoul", "100"),
    ("SG", "Singapore", "新加坡", "SGD", "en", "en_SG", "Asia/Singapore", "none"),
]


def seed(apps, schema_editor):
    Market = apps.get_model("markets", "Market")
    for pos, (code, en, zh, cur, lang, loc, tz, rounding) in enumerate(MARKETS):
        Market.objects.get_or_create(code=code, defaults={
            "name_en": en, "name_zh_hans": zh, "currency": cur, "language": lang, "locale": loc, "timezone": tz,
            "display_rounding": rounding, "service_levels": ["economy", "standard", "express"], "position": pos,
        })


class Migration(migrations.Migration):
    dependencies = [("markets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
