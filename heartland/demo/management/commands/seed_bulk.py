"""`manage.py seed_bulk --products N`: many synthetic products, fast, for benchmarks.

Products are numbered 1…N per --seed, and product n is a pure function of (seed, n,
merchant count): the same command on an empty database always writes the same rows.
Handles end in `-<seed>-<n>`; numbers that already exist for that seed are skipped, so
re-running the same command adds nothing and a larger --products tops the set up.

Rows go in as multi-row INSERT … RETURNING statements in batches (one transaction each;
see heartland.core.bulk), not through the catalog services or the ORM's save(): no model signals
fire; the command rebuilds the search index at the end (unless --no-index). 100,000 products take about 20 s on SQLite.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from heartland.catalog.field_rules import handle_from_title
from heartland.catalog.models import Category, Product, ProductKind, ProductStatus, Variant
from heartland.core.bulk import insert_rows
from heartland.core.chinese import to_traditional_cached as hant
from heartland.inventory.services import ensure_default_warehouse, stock_new_variants
from heartland.merchants.models import Merchant
from heartland.merchants.services import onboard_merchant

from .seed_demo import owner_email

# --- word lists ----------------------------------------------------------------------------------
STATES = [  # (code, 简体中文, English)
    ("WI", "威斯康星", "Wisconsin"), ("IA", "爱荷华", "Iowa"), ("MN", "明尼苏达", "Minnesota"),
    ("MI", "密歇根", "Michigan"), ("OH", "俄亥俄", "Ohio"), ("KS", "堪萨斯", "Kansas"),
    ("NE", "内布拉斯加", "Nebraska"), ("MO", "密苏里", "Missouri"), ("IL", "伊利诺伊", "Illinois"),
    ("IN", "印第安纳", "Indiana"), ("KY", "肯塔基", "Kentucky"), ("SD", "南达科他", "South Dakota"),
    ("ND", "北达科他", "North Dakota"),
]
STATE_BY_CODE = {code: (zh, en) for code, zh, en in STATES}

ADJECTIVES = {  # group → [(简体中文, English)]
    "food": [("原味", "Original"), ("香辣", "Spicy"), ("烟熏", "Smoked"), ("手工", "Handmade"), ("低糖", "Low-Sugar"),
             ("经典", "Classic"), ("黑胡椒", "Black Pepper"), ("农家", "Farmhouse"), ("小批量", "Small-Batch"),
             ("蜂蜜", "Honey")],
    "agri": [("有机", "Organic"), ("天然", "Natural"), ("精选", "Select"), ("非转基因", "Non-GMO"), ("当季", "New-Crop"),
             ("特级", "Premium"), ("农场直供", "Farm-Direct"), ("原生", "Heirloom"), ("手工", "Hand-Picked")],
    "craft": [("手工", "Handmade"), ("复古", "Vintage-Style"), ("乡村风", "Farmhouse"), ("纯天然", "All-Natural"),
              ("经典", "Classic"), ("简约", "Minimalist"), ("传统", "Traditional")],
    "beauty": [("天然", "Natural"), ("有机", "Organic"), ("无香", "Unscented"), ("滋润", "Moisturizing"),
               ("修护", "Repairing"), ("温和", "Gentle"), ("蜂蜡", "Beeswax")],
    "supp": [("高含量", "High-Potency"), ("儿童", "Kids'"), ("无糖", "Sugar-Free"), ("素食", "Vegan"), ("每日", "Daily")],
    "drink": [("珍藏", "Reserve"), ("经典", "Classic"), ("小批量", "Small-Batch"), ("限量", "Limited"), ("陈酿", "Aged"),
              ("酒庄", "Estate")],
    "service": [("亲子", "Family"), ("周末", "Weekend"), ("线上", "Online"), ("一对一", "Private"), ("双语", "Bilingual"),
                ("入门", "Beginner")],
}
PACKS = [("", ""), ("", ""), ("", ""), ("礼盒装", "Gift Box"), ("家庭装", "Family Size"), ("便携装", "Travel Pack"),
         ("量贩装", "Value Pack"), ("两件套", "Set of 2"), ("尝鲜装", "Sampler")]

# Option sets: (option name, [(value, grams, price multiplier)]).
WEIGHT = ("Size", [("4 oz", 130, 1.0), ("8 oz", 250, 1.8), ("1 lb", 480, 3.2), ("2 lb", 950, 6.0)])
FLAVOR = ("Flavor", [("Original", 100, 1.0), ("Spicy", 100, 1.0), ("Teriyaki", 100, 1.05), ("Black Pepper", 100, 1.0)])
LIQUID = ("Size", [("8 fl oz", 360, 1.0), ("16 fl oz", 650, 1.6), ("32 fl oz", 1250, 2.8)])
BOTTLE = ("Size", [("375 ml", 800, 1.0), ("750 ml", 1350, 1.8)])
COUNT = ("Count", [("30 count", 90, 1.0), ("60 count", 150, 1.7), ("120 count", 260, 3.0)])
SCENT = ("Scent", [("Lavender", 420, 1.0), ("Cedar", 420, 1.0), ("Apple", 420, 1.0), ("Vanilla", 420, 1.0)])
TEXTILE = ("Size", [("Twin", 2400, 1.0), ("Queen", 3200, 1.3), ("King", 3900, 1.5)])
PIECE = ("Title", [("", 300, 1.0)])
SEASON = ("Date", [("Weekday", 0, 1.0), ("Weekend", 0, 1.25), ("Holiday", 0, 1.5)])


@dataclass(frozen=True)
class Kind:
    zh: str
    en: str
    category: str
    hs_code: str
    tax: str
    group: str
    price: tuple[float, float]
    options: tuple
    tags: str
    service: bool = False


KINDS = [
    Kind("牛肉干", "Beef Jerky", "beef-jerky", "16025000", "food", "food", (7, 15), FLAVOR, "jerky, beef, 肉干, 零食"),
    Kind("牛肉棒", "Beef Sticks", "meat-snacks", "16025000", "food", "food", (8, 16), FLAVOR, "meat sticks, 肉肠, 零食"),
    Kind("火鸡肉干", "Turkey Jerky", "meat-snacks", "16023100", "food", "food", (8, 15), WEIGHT, "jerky, turkey, 肉干"),
    Kind("枫糖浆", "Maple Syrup", "maple-syrup", "17022000", "food", "food", (10, 16), LIQUID, "maple, syrup, 枫糖, 松饼"),
    Kind("枫糖", "Maple Sugar", "maple-syrup", "17022000", "food", "food", (9, 14), WEIGHT, "maple sugar, 代糖, 烘焙"),
    Kind("奶酪", "Cheese", "cheese", "04069000", "food", "food", (7, 14), WEIGHT, "cheese, 芝士, 乳制品"),
    Kind("切达奶酪", "Cheddar Cheese", "cheese", "04069000", "food", "food", (8, 16), WEIGHT, "cheddar, 芝士, 奶酪"),
    Kind("烟熏高达奶酪", "Smoked Gouda", "cheese", "04069000", "food", "food", (8, 15), WEIGHT, "gouda, 芝士, 奶酪"),
    Kind("焦糖爆米花", "Caramel Popcorn", "popcorn", "19041000", "food", "food", (6, 12), WEIGHT, "popcorn, 爆米花, 零食"),
    Kind("巧克力碧根果", "Chocolate Pecans", "nuts", "18069000", "food", "food", (9, 18), WEIGHT, "chocolate, 巧克力, 坚果"),
    Kind("蔓越莓汁", "Cranberry Juice", "beverages", "20098100", "food", "food", (8, 18), LIQUID, "juice, 果汁, 蔓越莓"),
    Kind("咖啡豆", "Coffee Beans", "coffee-tea", "09012100", "food", "food", (12, 20), WEIGHT, "coffee, 咖啡, 烘焙咖啡豆"),
    Kind("松饼粉", "Pancake Mix", "flour-grains", "19012000", "food", "food", (6, 11), WEIGHT, "pancake, 早餐, 烘焙"),
    Kind("花旗参", "American Ginseng", "american-ginseng", "12112011", "agricultural", "agri", (35, 90), WEIGHT,
         "ginseng, 西洋参, 人参, 滋补"),
    Kind("西洋参片", "Ginseng Slices", "american-ginseng", "12112011", "agricultural", "agri", (30, 75), WEIGHT,
         "ginseng slices, 花旗参, 参片"),
    Kind("花旗参茶", "Ginseng Tea", "herbs-teas", "12112011", "agricultural", "agri", (14, 30), COUNT, "ginseng tea, 茶包, 花旗参"),
    Kind("花草茶", "Herbal Tea", "herbs-teas", "12119099", "agricultural", "agri", (8, 16), COUNT, "herbal tea, 茶, 草本"),
    Kind("蜂蜜", "Honey", "honey", "04090000", "agricultural", "agri", (9, 16), WEIGHT, "honey, 生蜂蜜, 天然蜂蜜"),
    Kind("蜂巢蜜", "Honeycomb", "honey", "04090000", "agricultural", "agri", (16, 28), PIECE, "honeycomb, 巢蜜, 蜂蜜"),
    Kind("蔓越莓干", "Dried Cranberries", "dried-fruit", "08134090", "agricultural", "agri", (7, 12), WEIGHT,
         "dried cranberries, 果干, 蔓越莓"),
    Kind("酸樱桃干", "Dried Tart Cherries", "dried-fruit", "08134090", "agricultural", "agri", (10, 16), WEIGHT,
         "dried cherries, 樱桃干, 果干"),
    Kind("蓝莓干", "Dried Blueberries", "dried-fruit", "08134090", "agricultural", "agri", (10, 17), WEIGHT,
         "dried blueberries, 蓝莓, 果干"),
    Kind("碧根果", "Pecans", "nuts", "08029090", "agricultural", "agri", (11, 18), WEIGHT, "pecans, 长寿果, 坚果"),
    Kind("黑核桃仁", "Black Walnuts", "nuts", "08023200", "agricultural", "agri", (12, 20), WEIGHT, "walnuts, 核桃, 坚果"),
    Kind("榛子", "Hazelnuts", "nuts", "08022200", "agricultural", "agri", (11, 19), WEIGHT, "hazelnuts, 榛果, 坚果"),
    Kind("野米", "Wild Rice", "wild-rice", "10089000", "agricultural", "agri", (8, 20), WEIGHT, "wild rice, 菰米, 杂粮"),
    Kind("菰米", "Lake Wild Rice", "wild-rice", "10089000", "agricultural", "agri", (15, 25), WEIGHT, "wild rice, 野米, 粗粮"),
    Kind("爆米花玉米粒", "Popcorn Kernels", "popcorn", "10059000", "agricultural", "agri", (5, 10), WEIGHT,
         "popcorn, 爆米花, 玉米粒"),
    Kind("燕麦片", "Rolled Oats", "flour-grains", "11041200", "agricultural", "agri", (5, 9), WEIGHT, "oats, 燕麦, 早餐"),
    Kind("石磨全麦面粉", "Stone-Ground Whole Wheat Flour", "flour-grains", "11010000", "agricultural", "agri", (5, 9),
         WEIGHT, "flour, 面粉, 烘焙"),
    Kind("蜡烛", "Candle", "candles", "34060000", "general", "craft", (14, 30), SCENT, "candle, 香薰, 大豆蜡"),
    Kind("香薰蜡烛", "Scented Soy Candle", "candles", "34060000", "general", "craft", (18, 34), SCENT,
         "soy candle, 蜡烛, 香氛"),
    Kind("蜂蜡蜡烛", "Beeswax Candle", "candles", "34060000", "general", "craft", (12, 24), PIECE, "beeswax, 蜡烛, 蜂蜡"),
    Kind("拼布被", "Quilt", "home-textiles", "94049090", "general", "craft", (300, 1400), TEXTILE,
         "quilt, 手工被子, 床品"),
    Kind("桌旗", "Table Runner", "home-textiles", "63049200", "general", "craft", (30, 70), PIECE, "table runner, 餐桌, 布艺"),
    Kind("羊毛围巾", "Wool Scarf", "home-textiles", "61171000", "general", "craft", (35, 90), PIECE, "scarf, 围巾, 羊毛"),
    Kind("木砧板", "Cutting Board", "woodwork", "44191900", "general", "craft", (35, 120), PIECE, "cutting board, 砧板, 厨具"),
    Kind("胡桃木托盘", "Walnut Serving Tray", "woodwork", "44191900", "general", "craft", (40, 110), PIECE,
         "walnut, 托盘, 木制品"),
    Kind("银手链", "Sterling Silver Bracelet", "jewelry", "71131100", "jewelry", "craft", (45, 180), PIECE,
         "bracelet, 手链, 银饰"),
    Kind("珍珠耳环", "Freshwater Pearl Earrings", "jewelry", "71161000", "jewelry", "craft", (40, 160), PIECE,
         "pearl, 耳环, 珍珠"),
    Kind("木质手表", "Wooden Watch", "jewelry", "91021100", "watch", "craft", (80, 260), PIECE, "watch, 手表, 木质"),
    Kind("润唇膏", "Lip Balm", "beauty", "33041000", "cosmetics", "beauty", (4, 12), PIECE, "lip balm, 护唇, 润唇"),
    Kind("护手霜", "Hand Cream", "beauty", "33049900", "cosmetics", "beauty", (10, 26), PIECE, "hand cream, 护手, 保湿"),
    Kind("面霜", "Face Cream", "beauty", "33049900", "cosmetics", "beauty", (22, 60), PIECE, "face cream, 护肤, 面霜"),
    Kind("身体乳", "Body Butter", "beauty", "33049900", "cosmetics", "beauty", (16, 32), PIECE, "body butter, 身体乳, 保湿"),
    Kind("鱼油软胶囊", "Fish Oil Softgels", "supplements", "21069090", "supplement", "supp", (15, 35), COUNT,
         "fish oil, omega-3, 鱼油, 保健品"),
    Kind("维生素D3", "Vitamin D3", "supplements", "21069090", "supplement", "supp", (10, 24), COUNT, "vitamin d, 维生素, 保健品"),
    Kind("接骨木莓软糖", "Elderberry Gummies", "supplements", "21069090", "supplement", "supp", (14, 26), COUNT,
         "elderberry, 软糖, 保健品"),
    Kind("花旗参胶囊", "Ginseng Capsules", "supplements", "21069090", "supplement", "supp", (20, 40), COUNT,
         "ginseng capsules, 花旗参, 保健品"),
    Kind("波本威士忌", "Bourbon Whiskey", "spirits", "22083000", "alcohol", "drink", (25, 60), BOTTLE,
         "bourbon, 威士忌, 洋酒"),
    Kind("黑麦威士忌", "Rye Whiskey", "spirits", "22083000", "alcohol", "drink", (28, 55), BOTTLE, "rye, 威士忌, 烈酒"),
    Kind("红葡萄酒", "Red Wine", "wine", "22042100", "alcohol", "drink", (14, 35), BOTTLE, "red wine, 红酒, 葡萄酒"),
    Kind("白葡萄酒", "White Wine", "wine", "22042100", "alcohol", "drink", (12, 30), BOTTLE, "white wine, 白葡萄酒, 葡萄酒"),
    Kind("樱桃酒", "Cherry Wine", "wine", "22060000", "alcohol", "drink", (12, 25), BOTTLE, "cherry wine, 果酒, 樱桃"),
    Kind("农场一日游", "Farm Day Visit", "farm-experiences", "", "general", "service", (60, 220), SEASON,
         "farm visit, 农场体验, 亲子游", service=True),
    Kind("采摘体验", "U-Pick Experience", "farm-experiences", "", "general", "service", (20, 60), SEASON,
         "u-pick, 采摘, 农场", service=True),
    Kind("在线烹饪课", "Online Cooking Class", "classes", "", "general", "service", (20, 60), PIECE,
         "cooking class, 在线课程, 烹饪", service=True),
    Kind("在线手工课", "Online Craft Class", "classes", "", "general", "service", (20, 50), PIECE,
         "craft class, 在线课程, 手工", service=True),
]

BLURBS = {  # group → [(English, 简体中文)]
    "food": [("Made in small batches and packed to order.", "小批量制作，接单后新鲜包装。"),
             ("No artificial colours or preservatives.", "不添加人工色素和防腐剂。"),
             ("A family recipe, three generations old.", "三代相传的家庭配方。")],
    "agri": [("Grown and harvested on our own farm.", "自家农场种植、采收。"),
             ("This season's crop, shipped fresh.", "当季新货，新鲜发货。"),
             ("Nothing added, nothing taken away.", "不添加任何成分，保留原本风味。")],
    "craft": [("Each piece is made by hand, so no two are alike.", "每件都是手工制作，独一无二。"),
              ("Made in a small Midwest workshop.", "出自美国中西部的小作坊。"),
              ("A gift that lasts for years.", "经久耐用，送礼自用两相宜。")],
    "beauty": [("Few ingredients, all of them listed.", "成分精简，全部标明。"),
               ("Made with local beeswax and cold-pressed oils.", "选用本地蜂蜡和冷榨植物油。"),
               ("Gentle enough for sensitive skin.", "温和配方，敏感肌也适用。")],
    "supp": [("Every lot is tested by an independent lab.", "每批次均经独立实验室检测。"),
             ("Made in an FDA-registered facility.", "在通过FDA注册的工厂生产。"),
             ("This product is not a medicine.", "本品不能代替药物。")],
    "drink": [("For buyers of legal drinking age only.", "仅售予达到法定饮酒年龄的买家。"),
              ("Made and bottled on the estate.", "酒庄自酿自装瓶。"),
              ("Best enjoyed with friends.", "适合与朋友分享。")],
    "service": [("We confirm the date by e-mail.", "具体日期通过邮件确认。"),
                ("Suitable for all ages.", "老少皆宜。"),
                ("A Chinese interpreter can join on request.", "可按需安排中文翻译。")],
}
MAKER = {"food": ("food maker", "食品工坊"), "agri": ("farm", "农场"), "craft": ("workshop", "手工作坊"),
         "beauty": ("apothecary", "手工护肤坊"), "supp": ("supplement maker", "保健品厂"),
         "drink": ("distillery and winery", "酒坊"), "service": ("farm school", "农场学校")}
DESCRIPTION_EN = "<p>{title}, from a family {maker} in {state}.</p><p>{blurb}</p>"
DESCRIPTION_ZH = "<p>{title}，来自美国{state}州的家庭{maker}。</p><p>{blurb}</p>"

MERCHANT_FIRST = ["Prairie", "Cedar", "Maple", "Willow", "Oak Hill", "River Bend", "Lakeview", "Bluff", "Hickory",
                  "Meadow", "Sunrise", "Red Barn", "Golden", "Heritage", "Twin Pines", "Stone Creek"]
MERCHANT_SECOND = ["Farm", "Farms", "Orchard", "Creamery", "Smokehouse", "Apiary", "Mercantile", "Provisions",
                   "Goods", "Workshop", "Trading Co."]
STATUS_WEIGHTS = ((ProductStatus.ACTIVE, 0.90), (ProductStatus.DRAFT, 0.07), (ProductStatus.ARCHIVED, 0.03))

def _price(value: Decimal) -> Decimal:
    """A shop-like price near `value` dollars: 12.99, 13.95, 14.49 …"""
    whole = max(1, int(value))
    return Decimal(f"{whole}.{(99, 95, 49, 50, 0)[whole % 5]:02d}")


@dataclass
class BulkProduct:
    n: int
    merchant_index: int
    fields: dict
    variants: list = field(default_factory=list)  # [dict(fields…, stock=int)]


def merchant_spec(seed: int, index: int) -> dict:
    rng = random.Random(seed * 7_919 + index)
    code, _zh, en = rng.choice(STATES)
    name = f"{rng.choice(MERCHANT_FIRST)} {rng.choice(MERCHANT_SECOND)}"
    return {"slug": f"bulk-{seed}-{index:04d}", "name": name, "state": code,
            "legal_name": f"{name} {index} LLC", "city": en}


def make_product(seed: int, n: int, merchant_count: int, merchant_states: list[str]) -> BulkProduct:
    """Product number n (1-based) of a seed: pure and deterministic."""
    rng = random.Random(seed * 10_000_019 + n)
    merchant_index = (n - 1) % merchant_count
    state = merchant_states[merchant_index]
    state_zh, state_en = STATE_BY_CODE.get(state, ("美国", "American"))
    kind = rng.choice(KINDS)
    adj_zh, adj_en = rng.choice(ADJECTIVES[kind.group])
    pack_zh, pack_en = ("", "") if kind.service else rng.choice(PACKS)
    where = rng.random()
    if where < 0.6:
        place_zh, place_en = state_zh, state_en
    elif where < 0.8:
        place_zh, place_en = f"美国{state_zh}", state_en
    else:
        place_zh, place_en = "美国", "American"
    title_zh = f"{place_zh}{adj_zh}{kind.zh}" + (f" {pack_zh}" if pack_zh else "")
    title_en = f"{place_en} {adj_en} {kind.en}" + (f", {pack_en}" if pack_en else "")
    blurb_en, blurb_zh = rng.choice(BLURBS[kind.group])
    maker_en, maker_zh = MAKER[kind.group]
    roll, status = rng.random(), ProductStatus.ACTIVE
    for value, weight in STATUS_WEIGHTS:
        if roll < weight:
            status = value
            break
        roll -= weight
    option_name, choices = kind.options
    count = min(len(choices), rng.choice((1, 1, 2, 2, 3)))
    picked = sorted(rng.sample(range(len(choices)), count))
    base = Decimal(rng.randint(int(kind.price[0] * 100), int(kind.price[1] * 100))) / 100
    tags = f"{kind.en.lower()}, {kind.zh}, {kind.tags}, {adj_zh}, {state_zh}"
    fields = {
        "handle": f"{handle_from_title(title_en)[:120]}-{seed}-{n}",
        "title_en": title_en,
        "title_zh_hans": title_zh,
        "title_zh_hant": hant(title_zh),
        "description_en": DESCRIPTION_EN.format(title=title_en, maker=maker_en, state=state_en, blurb=blurb_en),
        "description_zh_hans": DESCRIPTION_ZH.format(title=title_zh, maker=maker_zh, state=state_zh, blurb=blurb_zh),
        "description_zh_hant": hant(DESCRIPTION_ZH).format(title=hant(title_zh), maker=hant(maker_zh),
                                                            state=hant(state_zh), blurb=hant(blurb_zh)),
        "category_slug": kind.category,
        "kind": ProductKind.SERVICE if kind.service else ProductKind.PHYSICAL,
        "tags": tags,
        "status": status,
        "origin_state": state,
        "option1_name": option_name,
    }
    product = BulkProduct(n=n, merchant_index=merchant_index, fields=fields)
    for position, i in enumerate(picked, start=1):
        value, grams, mult = choices[i]
        price = _price(base * Decimal(str(mult)))
        compare_at = _price(price * rng.randint(110, 130) / 100) if rng.random() < 0.15 else None
        product.variants.append({
            "position": position,
            "option1": value or "Default Title",
            "sku": f"B{seed}-{n:07d}-{position}",
            "price_usd": price,
            "compare_at_price_usd": compare_at,
            "grams": Decimal(0 if kind.service else grams + rng.randint(0, 20)),
            "hs_code": kind.hs_code,
            "country_of_origin": "US",
            "tax_category": kind.tax,
            "requires_shipping": not kind.service,
            "stock": 0 if rng.random() < 0.1 else rng.randint(1, 400),
        })
    return product


class Command(BaseCommand):
    help = (
        "Create N synthetic products (1–3 variants each, with stock) spread over M synthetic approved "
        "merchants, for benchmarks. Deterministic for a given --seed. Products are numbered 1..N per seed "
        "and their handles end in -<seed>-<n>; numbers that already exist are skipped, so re-running adds "
        "nothing and a larger N tops up. Use another --seed for a disjoint set. Writes with multi-row "
        "INSERTs, bypassing model signals: rebuild the search index afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True, help="How many products (N).")
        parser.add_argument("--merchants", type=int, default=None, help="How many merchants (default max(10, N//2000)).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--batch-size", type=int, default=2000, help="Products per transaction (default 2000).")
        parser.add_argument("--no-index", action="store_true",
                            help="Do not rebuild the search index at the end (run `manage.py reindex` yourself).")

    def handle(self, *args, **options):
        started = time.monotonic()
        total, seed, batch_size = options["products"], options["seed"], options["batch_size"]
        if total < 0 or seed < 0 or batch_size < 1:
            raise CommandError("--products and --seed must be zero or more, --batch-size at least 1.")
        merchant_count = options["merchants"] or max(10, total // 2000)
        categories = dict(Category.objects.values_list("slug", "id"))
        missing = sorted({k.category for k in KINDS} - categories.keys())
        if missing:
            raise CommandError(f"Categories missing: {', '.join(missing)}. Run `manage.py migrate` first.")

        merchants, warehouses, new_merchants = self._merchants(seed, merchant_count)
        states = [m.state for m in merchants]
        existing = self._existing_numbers(seed)

        made = variants_made = skipped = 0
        report_every = max(batch_size, 50_000)
        n = 1
        while n <= total:
            upto = min(total, n + batch_size - 1)
            batch = []
            for number in range(n, upto + 1):
                if number in existing:
                    skipped += 1
                    continue
                batch.append(make_product(seed, number, merchant_count, states))
            if batch:
                variants_made += self._write(batch, merchants, warehouses, categories)
                made += len(batch)
            if made and (upto // report_every) != ((n - 1) // report_every):
                rate = made / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"  … {upto:,} / {total:,} ({rate:,.0f} products/s)")
            n = upto + 1

        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(
            f"seed_bulk: created {made:,} products with {variants_made:,} variants and stock rows for "
            f"{merchant_count} merchants ({new_merchants} new), seed {seed}; skipped {skipped:,} existing; "
            f"{elapsed:.1f}s ({made / max(elapsed, 1e-6):,.0f} products/s)."
        ))
        if made and connection.vendor == "postgresql":
            # Fresh planner statistics now, not whenever autovacuum gets to it: without them
            # PostgreSQL plans the next reads of these tables as if they were empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE catalog_product, catalog_variant, inventory_stocklevel, merchants_merchant")
        if made and not options["no_index"]:
            # Bulk inserts send no model signals: make the new products searchable.
            call_command("reindex", stdout=self.stdout)

    def _merchants(self, seed: int, count: int):
        merchants, warehouses, created = [], {}, 0
        by_slug = {m.slug: m for m in Merchant.objects.filter(slug__startswith=f"bulk-{seed}-")}
        for index in range(count):
            spec = merchant_spec(seed, index)
            merchant = by_slug.get(spec["slug"])
            if merchant is None:
                merchant, _, _ = onboard_merchant(
                    slug=spec["slug"], name=spec["name"], email=owner_email(spec["slug"]),
                    state=spec["state"], approved=True,
                    extra={"legal_name": spec["legal_name"], "city": spec["city"]},
                )
                created += 1
            merchants.append(merchant)
            warehouses[merchant.pk] = ensure_default_warehouse(merchant=merchant).pk
        return merchants, warehouses, created

    @staticmethod
    def _existing_numbers(seed: int) -> set[int]:
        qs = Product.objects.filter(merchant__slug__startswith=f"bulk-{seed}-")
        suffix = f"-{seed}-"
        numbers = set()
        for handle in qs.values_list("handle", flat=True).iterator(chunk_size=10_000):
            head, sep, tail = handle.rpartition("-")
            if sep and tail.isdigit() and head.endswith(suffix[:-1]):
                numbers.add(int(tail))
        return numbers

    @staticmethod
    def _write(batch: list[BulkProduct], merchants, warehouses, categories) -> int:
        with transaction.atomic():
            product_rows = []
            for item in batch:
                row = dict(item.fields)
                row["category_id"] = categories[row.pop("category_slug")]
                merchant = merchants[item.merchant_index]
                row["merchant_id"] = merchant.pk
                row["vendor"] = merchant.trading_name
                product_rows.append(row)
            product_ids = insert_rows(Product, product_rows)
            variant_rows, stock = [], []
            for item, product_id, row in zip(batch, product_ids, product_rows):
                for data in item.variants:
                    data = dict(data)
                    stock.append((data.pop("stock"), warehouses[row["merchant_id"]]))
                    data["product_id"] = product_id
                    data["merchant_id"] = row["merchant_id"]
                    variant_rows.append(data)
            variant_ids = insert_rows(Variant, variant_rows)
            stock_new_variants(levels=[(vid, wid, qty) for vid, (qty, wid) in zip(variant_ids, stock)])
        return len(variant_rows)
