"""The demo catalogue: believable Midwest businesses and what they sell.

Pure data (no Django import). `manage.py seed_demo` puts it through the merchant and
catalog services; `tests/test_seed_demo.py` checks it (valid EINs and phone numbers, known
categories, HS codes on physical goods, unique handles and SKUs).

Businesses, people, addresses and EINs are invented. Phone numbers are in the
555-0100…555-0199 block that US numbering reserves for fiction (they pass
`phonenumbers.is_valid_number` in the pinned version); ZIP codes are the real ZIPs of
the towns named. HS codes follow the design notes on HS codes (`shared/domain/hs-codes.md`,
beside the repository) where they have a line;
the rest are our own reading of the HS (6–8 digits) and would need a broker's check.
"""
from __future__ import annotations

from typing import NamedTuple

OPERATOR_EMAIL = "operator@heartland.localhost"
PASSWORD_ENV = "HEARTLAND_DEMO_PASSWORD"
DEFAULT_PASSWORD = "heartland-demo"


class V(NamedTuple):
    """One variant: option value ("" = single-variant product), SKU, USD price, grams, stock."""

    option: str
    sku: str
    price: str
    grams: int
    stock: int
    compare_at: str | None = None


# Image style per top-level category: background colour (RGB) and a motif the seed draws.
CATEGORY_STYLE: dict[str, tuple[tuple[int, int, int], str]] = {
    "meat-jerky": ((142, 58, 43), "strips"),
    "ginseng-herbs": ((196, 164, 110), "root"),
    "dried-fruit-nuts": ((176, 38, 62), "berries"),
    "grains-rice": ((201, 170, 88), "grains"),
    "honey-syrups": ((226, 154, 32), "jar"),
    "dairy": ((240, 196, 84), "wedge"),
    "beverages": ((96, 36, 52), "bottle"),
    "supplements": ((64, 132, 150), "capsules"),
    "beauty": ((214, 170, 178), "tin"),
    "crafts": ((92, 110, 140), "flame"),
    "services": ((70, 130, 80), "barn"),
}


MERCHANTS: list[dict] = [
    # ------------------------------------------------------------------ WI ginseng
    {
        "slug": "marathon-shade-ginseng",
        "name": "Marathon Shade Ginseng",
        "state": "WI",
        "legal_name": "Marathon Shade Ginseng LLC",
        "ein": "39-2814706",
        "address_line1": "N4521 County Road N",
        "city": "Wausau",
        "zip_code": "54403",
        "contact_name": "Karen Vang",
        "contact_phone": "(715) 555-0123",
        "kind": "farm",
        "story": (
            "Three generations of our family have grown ginseng under wooden shade in Marathon County, "
            "Wisconsin, where cold winters and loamy soil give the roots a firm texture and a bitter-sweet "
            "taste. Every root grows for four years before we dig it by hand in September and air-dry it "
            "slowly in our own barn."
        ),
        "story_zh_hans": (
            "我们家在美国威斯康星州马拉松县种植花旗参已有三代。这里冬季寒冷、土壤疏松肥沃，"
            "参根质地紧实，口感先苦后甘。每一株参都要在遮阳棚下生长四年，九月人工采挖，"
            "再在自家烘房里低温慢慢风干。"
        ),
        "products": [
            {
                "handle": "american-ginseng-slices",
                "title_en": "Wisconsin American Ginseng Slices",
                "title_zh_hans": "威斯康星花旗参 西洋参切片",
                "description_en": (
                    "<p>Four-year-old Wisconsin ginseng roots, sliced thin after drying so they are ready to "
                    "steep, chew or add to soup.</p><ul><li>Grown and dried on our farm in Marathon County</li>"
                    "<li>No sulphur, no additives</li><li>Keep sealed in a cool, dry place</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>精选威斯康星四年生花旗参，干燥后切成薄片，可泡水、含服或煲汤。</p>"
                    "<ul><li>马拉松县自家农场种植、烘干</li><li>无硫熏，无任何添加</li><li>密封置于阴凉干燥处保存</li></ul>"
                ),
                "tags": "american ginseng, ginseng slices, 花旗参, 西洋参, 西洋参片, 威斯康星",
                "category": "american-ginseng",
                "hs_code": "12112011",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("2 oz", "MSG-SL-02", "39.00", 80, 40),
                    V("4 oz", "MSG-SL-04", "72.00", 140, 25, "80.00"),
                    V("8 oz", "MSG-SL-08", "135.00", 260, 10),
                ],
            },
            {
                "handle": "whole-american-ginseng-roots",
                "title_en": "4-Year Whole American Ginseng Roots, Large",
                "title_zh_hans": "四年生花旗参整支 大支 威斯康星原产",
                "description_en": (
                    "<p>Large, hand-dug whole roots with their prongs intact, graded by hand. Slice them "
                    "yourself or simmer whole in chicken soup, the way our customers' grandmothers do.</p>"
                ),
                "description_zh_hans": (
                    "<p>人工采挖的大支整参，参须完整，逐支手工分级。可自行切片，也可整支放入鸡汤中慢炖，"
                    "是很多家庭世代相传的吃法。</p>"
                ),
                "tags": "ginseng root, whole ginseng, 花旗参, 整支花旗参, 西洋参, 送礼",
                "category": "american-ginseng",
                "hs_code": "12112011",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("4 oz", "MSG-WR-04", "89.00", 150, 18),
                    V("8 oz", "MSG-WR-08", "168.00", 270, 9),
                    V("1 lb", "MSG-WR-16", "320.00", 520, 4),
                ],
            },
            {
                "handle": "ginseng-root-tea-bags",
                "title_en": "American Ginseng Root Tea Bags",
                "title_zh_hans": "花旗参茶 参片茶包",
                "description_en": (
                    "<p>Finely cut ginseng root in unbleached tea bags. Steep one bag in hot water for five "
                    "minutes; a bag can be steeped twice.</p>"
                ),
                "description_zh_hans": "<p>花旗参细切后装入未漂白茶包。每包用热水冲泡五分钟，可续泡一次，办公室出差都方便。</p>",
                "tags": "ginseng tea, tea bags, 花旗参茶, 西洋参茶, 茶包",
                "category": "herbs-teas",
                "hs_code": "12112011",
                "tax_category": "agricultural",
                "option1_name": "Count",
                "variants": [
                    V("30 bags", "MSG-TEA-30", "18.00", 90, 60),
                    V("60 bags", "MSG-TEA-60", "32.00", 170, 30),
                ],
            },
            {
                "handle": "american-ginseng-gift-box",
                "title_en": "American Ginseng Gift Box with Certificate of Origin",
                "title_zh_hans": "花旗参礼盒装 附原产地证明 送长辈佳品",
                "description_en": (
                    "<p>Eight ounces of select whole roots in a wooden gift box, with a Wisconsin "
                    "certificate of origin and a card about our farm.</p>"
                ),
                "description_zh_hans": "<p>八盎司精选整支花旗参，装于木质礼盒中，附威斯康星原产地证明和农场介绍卡，送长辈、送客户都体面。</p>",
                "tags": "ginseng gift, gift box, 花旗参礼盒, 送礼, 西洋参",
                "category": "american-ginseng",
                "hs_code": "12112011",
                "tax_category": "agricultural",
                "variants": [V("", "MSG-GIFT-08", "188.00", 650, 12, "220.00")],
            },
            {
                "handle": "ginseng-prongs-fibers",
                "title_en": "Ginseng Prongs and Fibers (Soup Grade)",
                "title_zh_hans": "花旗参须 煲汤用",
                "description_en": "<p>The fine side roots trimmed from our whole roots: the same ginseng at a lower price, ideal for soups and tea.</p>",
                "description_zh_hans": "<p>从整支参上修剪下来的参须，同样的花旗参，价格更实惠，最适合煲汤、泡茶。</p>",
                "tags": "ginseng fibers, 参须, 花旗参须, 煲汤",
                "category": "american-ginseng",
                "hs_code": "12112011",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "MSG-PF-08", "36.00", 260, 22),
                    V("1 lb", "MSG-PF-16", "65.00", 500, 0),
                ],
            },
            {
                "handle": "ginseng-hard-candy",
                "title_en": "American Ginseng Hard Candy",
                "title_zh_hans": "花旗参糖 硬糖 独立包装",
                "description_en": "<p>Individually wrapped hard candy made with our ginseng extract: lightly sweet with a gentle bitter finish.</p>",
                "description_zh_hans": "<p>用自家花旗参提取物制成的硬糖，独立小包装，入口微甜，回味带一点参的甘苦。</p>",
                "tags": "ginseng candy, 花旗参糖, 人参糖, 糖果",
                "category": "american-ginseng",
                "hs_code": "17049000",
                "tax_category": "food",
                "variants": [V("", "MSG-CANDY-6", "9.50", 200, 80)],
            },
        ],
    },
    # ------------------------------------------------------------------ IA jerky
    {
        "slug": "cedar-valley-smokehouse",
        "name": "Cedar Valley Smokehouse",
        "state": "IA",
        "legal_name": "Cedar Valley Smokehouse Inc.",
        "ein": "42-1583906",
        "address_line1": "1120 Wilson Ave SW",
        "city": "Cedar Rapids",
        "zip_code": "52404",
        "contact_name": "Dale Kruse",
        "contact_phone": "(319) 555-0147",
        "kind": "food_maker",
        "story": (
            "Dale Kruse started smoking jerky in his garage in 1998 with Iowa beef and his grandfather's "
            "spice blend. Today our small team still slices whole-muscle top round by hand, marinates it "
            "overnight and smokes it slowly over hickory in Cedar Rapids."
        ),
        "story_zh_hans": (
            "1998年，戴尔·克鲁斯用爱荷华本地牛肉和祖父传下来的香料配方，在自家车库里开始做牛肉干。"
            "如今我们的小团队依然手工切片整块牛后腿肉，腌制一夜，再用山核桃木在锡达拉皮兹慢火熏制。"
        ),
        "products": [
            {
                "handle": "iowa-beef-jerky-original",
                "title_en": "Iowa Hickory-Smoked Beef Jerky, Original",
                "title_zh_hans": "美国爱荷华州手工牛肉干 原味 山核桃木烟熏",
                "description_en": (
                    "<p>Whole-muscle Iowa beef, marinated overnight in our original recipe and smoked over "
                    "hickory for eight hours. Tender, not brittle, and not too sweet.</p>"
                    "<ul><li>12 g protein per serving</li><li>No MSG</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>选用爱荷华整块牛肉，按原味配方腌制一夜，再用山核桃木烟熏八小时。肉质有嚼劲但不柴，甜度适中。</p>"
                    "<ul><li>每份含蛋白质12克</li><li>不添加味精</li></ul>"
                ),
                "tags": "jerky, beef jerky, beef, 牛肉干, 手撕牛肉, 爱荷华, 原味",
                "category": "beef-jerky",
                "hs_code": "16025000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("3 oz", "CVS-ORI-3", "9.99", 100, 120),
                    V("8 oz", "CVS-ORI-8", "22.99", 250, 60),
                    V("1 lb", "CVS-ORI-16", "39.99", 480, 25, "44.99"),
                ],
            },
            {
                "handle": "air-dried-smoked-beef",
                "title_en": "Air-Dried Smoked Beef Jerky (Uncooked, Salt-Cured)",
                "title_zh_hans": "美国爱荷华州风干烟熏牛肉干 盐腌 原切",
                "description_en": (
                    "<p>Iowa beef round, salt-cured for ten days, air-dried and cold-smoked over hickory — "
                    "never cooked, the old way. As salted, dried and smoked beef it is classified under "
                    "HS 0210.20, a line on China's cross-border e-commerce list.</p>"
                ),
                "description_zh_hans": (
                    "<p>爱荷华牛后腿肉盐腌十天，自然风干后以山核桃木冷熏，未经蒸煮，古法制作。"
                    "作为盐腌、干制、烟熏牛肉，归入税号0210.20，属于跨境电商零售进口清单商品。</p>"
                ),
                "tags": "jerky, beef jerky, dried beef, 牛肉干, 风干牛肉, 爱荷华",
                "category": "beef-jerky",
                "hs_code": "02102000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("4 oz", "CVS-AIR-4", "14.99", 125, 80),
                    V("8 oz", "CVS-AIR-8", "27.99", 240, 40),
                ],
            },
            {
                "handle": "peppered-beef-jerky",
                "title_en": "Cracked Black Pepper Beef Jerky",
                "title_zh_hans": "黑胡椒牛肉干 美国原装进口",
                "description_en": "<p>Our original jerky rolled in coarse cracked black pepper before smoking, for a warm, lingering bite.</p>",
                "description_zh_hans": "<p>在原味牛肉干的基础上，烟熏前裹上粗磨黑胡椒，入口温热，回味悠长。</p>",
                "tags": "jerky, peppered jerky, 牛肉干, 黑胡椒牛肉干, beef",
                "category": "beef-jerky",
                "hs_code": "16025000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("3 oz", "CVS-PEP-3", "9.99", 100, 90),
                    V("8 oz", "CVS-PEP-8", "22.99", 250, 40),
                ],
            },
            {
                "handle": "sweet-spicy-beef-jerky",
                "title_en": "Sweet & Spicy Beef Jerky",
                "title_zh_hans": "香辣牛肉干 甜辣口味",
                "description_en": "<p>Brown sugar and a blend of cayenne and chipotle. Medium is friendly; Hot is for people who order extra spicy.</p>",
                "description_zh_hans": "<p>红糖搭配卡宴辣椒和烟熏辣椒，先甜后辣。中辣老少皆宜，特辣适合无辣不欢的你。</p>",
                "tags": "jerky, spicy jerky, 牛肉干, 香辣牛肉干, 辣味零食",
                "category": "beef-jerky",
                "hs_code": "16025000",
                "tax_category": "food",
                "option1_name": "Heat",
                "variants": [
                    V("Medium", "CVS-SWS-M", "10.49", 100, 70),
                    V("Hot", "CVS-SWS-H", "10.49", 100, 0),
                ],
            },
            {
                "handle": "teriyaki-beef-jerky",
                "title_en": "Teriyaki Beef Jerky",
                "title_zh_hans": "照烧牛肉干",
                "description_en": "<p>Soy, ginger and a touch of pineapple juice in the marinade; our most popular flavour with kids.</p>",
                "description_zh_hans": "<p>腌料中加入酱油、姜和少许菠萝汁，咸甜适口，是最受小朋友欢迎的口味。</p>",
                "tags": "jerky, teriyaki, 牛肉干, 照烧, 零食",
                "category": "beef-jerky",
                "hs_code": "16025000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("3 oz", "CVS-TER-3", "9.99", 100, 85),
                    V("8 oz", "CVS-TER-8", "22.99", 250, 30),
                ],
            },
            {
                "handle": "smoked-beef-snack-sticks",
                "title_en": "Smoked Beef Snack Sticks, 12 Pack",
                "title_zh_hans": "烟熏牛肉棒 12支装",
                "description_en": "<p>Individually wrapped beef sticks, smoked and ready to eat: a lunch-box and road-trip favourite.</p>",
                "description_zh_hans": "<p>独立包装的烟熏牛肉棒，开袋即食，适合带饭、郊游和自驾。</p>",
                "tags": "beef sticks, meat snacks, 牛肉棒, 肉肠, 零食",
                "category": "meat-snacks",
                "hs_code": "16025000",
                "tax_category": "food",
                "option1_name": "Flavor",
                "variants": [
                    V("Original", "CVS-STK-ORI", "14.99", 360, 50),
                    V("Jalapeño", "CVS-STK-JAL", "14.99", 360, 35),
                ],
            },
            {
                "handle": "jerky-sampler-gift-box",
                "title_en": "Jerky Sampler Gift Box (4 Flavors)",
                "title_zh_hans": "牛肉干四味礼盒 原味 黑胡椒 香辣 照烧",
                "description_en": "<p>One 3 oz bag each of Original, Peppered, Sweet &amp; Spicy and Teriyaki in a kraft gift box.</p>",
                "description_zh_hans": "<p>原味、黑胡椒、香辣、照烧四种口味各一袋（每袋3盎司），牛皮纸礼盒包装。</p>",
                "tags": "jerky gift, gift box, 牛肉干礼盒, 送礼, 牛肉干",
                "category": "beef-jerky",
                "hs_code": "16025000",
                "tax_category": "food",
                "variants": [V("", "CVS-GIFT-4", "36.99", 480, 20, "39.96")],
            },
        ],
    },
    # ------------------------------------------------------------------ MI cherries
    {
        "slug": "old-mission-cherry-orchards",
        "name": "Old Mission Cherry Orchards",
        "state": "MI",
        "legal_name": "Old Mission Orchards LLC",
        "ein": "38-3349217",
        "address_line1": "14820 Center Rd",
        "city": "Traverse City",
        "zip_code": "49686",
        "contact_name": "Tom Gallagher",
        "contact_phone": "(231) 555-0162",
        "kind": "farm",
        "story": (
            "Our orchard sits on the Old Mission Peninsula, a narrow strip of land in Grand Traverse Bay "
            "where the lake keeps spring frost away from the blossoms. We grow Montmorency tart cherries "
            "and dry them ourselves in small batches, lightly sweetened so their bright sour flavour still "
            "comes through."
        ),
        "story_zh_hans": (
            "我们的果园位于密歇根州大特拉弗斯湾的老教区半岛，湖水调节气温，让樱桃花免受春霜侵袭。"
            "我们种植蒙莫朗西酸樱桃，在自家工坊小批量烘干，只加少量糖，保留酸樱桃明亮的酸甜风味。"
        ),
        "products": [
            {
                "handle": "dried-tart-cherries",
                "title_en": "Dried Montmorency Tart Cherries",
                "title_zh_hans": "密歇根酸樱桃干 蒙莫朗西品种",
                "description_en": (
                    "<p>Pitted Montmorency tart cherries, lightly sweetened and slow-dried. Eat them by the "
                    "handful or bake them into scones.</p><ul><li>Grown in Traverse City, Michigan</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>去核蒙莫朗西酸樱桃，少糖低温慢烘。直接当零食，或加入司康、面包烘焙都很好。</p>"
                    "<ul><li>产自密歇根州特拉弗斯城</li></ul>"
                ),
                "tags": "dried cherries, tart cherries, 樱桃干, 酸樱桃干, 果干, 密歇根",
                "category": "dried-fruit",
                "hs_code": "08134090",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "OMC-DTC-08", "12.50", 250, 90),
                    V("1 lb", "OMC-DTC-16", "22.00", 480, 60),
                    V("2 lb", "OMC-DTC-32", "40.00", 950, 20, "44.00"),
                ],
            },
            {
                "handle": "unsweetened-dried-tart-cherries",
                "title_en": "Unsweetened Dried Tart Cherries",
                "title_zh_hans": "无添加糖酸樱桃干",
                "description_en": "<p>Nothing but tart cherries, dried. Sourer and chewier than our sweetened cherries; great in yogurt and salads.</p>",
                "description_zh_hans": "<p>配料只有酸樱桃本身，不加糖。比加糖款更酸、更有嚼劲，拌酸奶、做沙拉都合适。</p>",
                "tags": "unsweetened, no sugar, 樱桃干, 无糖果干, 酸樱桃",
                "category": "dried-fruit",
                "hs_code": "08134090",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "OMC-UNS-08", "15.00", 250, 45),
                    V("1 lb", "OMC-UNS-16", "27.00", 480, 15),
                ],
            },
            {
                "handle": "tart-cherry-juice-concentrate",
                "title_en": "Tart Cherry Juice Concentrate",
                "title_zh_hans": "酸樱桃浓缩汁 100%纯果汁",
                "description_en": "<p>About 90 tart cherries in every ounce. Mix one part with seven parts water, or stir into sparkling water.</p>",
                "description_zh_hans": "<p>每盎司约含90颗酸樱桃。按1:7兑水饮用，也可以加入气泡水。</p>",
                "tags": "cherry juice, tart cherry, 酸樱桃汁, 浓缩果汁, 樱桃",
                "category": "beverages",
                "hs_code": "20098990",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("16 fl oz", "OMC-JC-16", "18.95", 600, 40),
                    V("32 fl oz", "OMC-JC-32", "32.95", 1150, 18),
                ],
            },
            {
                "handle": "dark-chocolate-cherries",
                "title_en": "Dark Chocolate Covered Cherries",
                "title_zh_hans": "黑巧克力酸樱桃 夹心果干",
                "description_en": "<p>Our dried tart cherries coated in 60% dark chocolate. Ships in an insulated pouch from May to September.</p>",
                "description_zh_hans": "<p>酸樱桃干外裹60%黑巧克力，酸甜微苦。5月至9月发货时使用保温袋包装。</p>",
                "tags": "chocolate cherries, 巧克力, 樱桃干, 黑巧克力",
                "category": "dried-fruit",
                "hs_code": "18069000",
                "tax_category": "food",
                "variants": [V("", "OMC-CHOC-08", "14.00", 260, 35)],
            },
            {
                "handle": "cherry-trail-mix",
                "title_en": "Cherry Almond Trail Mix",
                "title_zh_hans": "樱桃坚果混合果仁 每日坚果",
                "description_en": "<p>Dried tart cherries with roasted almonds, pecans and pumpkin seeds.</p>",
                "description_zh_hans": "<p>酸樱桃干搭配烤杏仁、碧根果和南瓜子，营养均衡的每日坚果。</p>",
                "tags": "trail mix, nuts, 每日坚果, 混合坚果, 樱桃干",
                "category": "dried-fruit",
                "hs_code": "08135000",
                "tax_category": "agricultural",
                "variants": [V("", "OMC-MIX-12", "13.50", 370, 50)],
            },
            {
                "handle": "cherry-pit-heat-pack",
                "title_en": "Cherry Pit Heat Pack",
                "title_zh_hans": "樱桃核暖宝 热敷袋",
                "description_en": "<p>A cotton pillow filled with cleaned cherry pits. Warm it in the microwave for soothing heat. Discontinued.</p>",
                "description_zh_hans": "<p>纯棉布袋内装清洗烘干的樱桃核，微波炉加热后可热敷。已停售。</p>",
                "tags": "heat pack, 暖宝, 热敷袋, 樱桃核",
                "category": "home-textiles",
                "status": "archived",
                "hs_code": "63079090",
                "tax_category": "general",
                "variants": [V("", "OMC-HEAT", "19.00", 700, 0)],
            },
        ],
    },
    # ------------------------------------------------------------------ MN wild rice
    {
        "slug": "northwoods-lake-rice",
        "name": "Northwoods Lake Rice Co.",
        "state": "MN",
        "legal_name": "Northwoods Lake Rice Company",
        "ein": "41-2075538",
        "address_line1": "412 Minnesota Ave NW",
        "city": "Bemidji",
        "zip_code": "56601",
        "contact_name": "Ellen Lindgren",
        "contact_phone": "(218) 555-0118",
        "kind": "farm",
        "story": (
            "Each late August we canoe the shallow lakes of northern Minnesota and knock the ripe grains of "
            "true wild rice into the boat with cedar sticks, the way it has been gathered here for "
            "centuries. We parch the rice over a wood fire and hull it in Bemidji. We also sell paddy-grown "
            "wild rice for everyday cooking."
        ),
        "story_zh_hans": (
            "每年八月下旬，我们划着独木舟进入明尼苏达州北部的浅水湖，用雪松木棍把成熟的野米（菰米）"
            "轻轻敲落到船里，这是当地流传了几百年的采收方式。采回的野米在柴火上翻炒烘干，再在贝米吉脱壳。"
            "我们也出售稻田种植的野米，适合日常烹饪。"
        ),
        "products": [
            {
                "handle": "hand-harvested-lake-wild-rice",
                "title_en": "Hand-Harvested Minnesota Lake Wild Rice",
                "title_zh_hans": "明尼苏达野米（菰米） 湖区手工采收 柴火烘炒",
                "description_en": (
                    "<p>Lake-grown wild rice, gathered by canoe and parched over a wood fire, which gives it "
                    "a smoky, nutty taste and cooks in about 25 minutes.</p>"
                    "<ul><li>Grains vary in colour from tan to dark brown</li><li>Naturally gluten free</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>湖区天然生长的野米，独木舟手工采收、柴火翻炒烘干，带有淡淡烟熏与坚果香，约25分钟即可煮熟。</p>"
                    "<ul><li>米粒颜色由浅褐到深褐不等，属正常现象</li><li>天然无麸质</li></ul>"
                ),
                "tags": "wild rice, manoomin, 野米, 菰米, 杂粮, 明尼苏达",
                "category": "wild-rice",
                "hs_code": "10089000",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("1 lb", "NLR-LAKE-1", "18.99", 480, 60),
                    V("2 lb", "NLR-LAKE-2", "34.99", 950, 25),
                ],
            },
            {
                "handle": "cultivated-wild-rice",
                "title_en": "Cultivated Wild Rice, Long Grain",
                "title_zh_hans": "明尼苏达长粒野米 杂粮饭 低脂高蛋白",
                "description_en": "<p>Paddy-grown wild rice with long, glossy black grains. Mix a spoonful into white rice or cook it on its own as a side.</p>",
                "description_zh_hans": "<p>稻田种植的长粒野米，米粒乌黑发亮。可以和白米混煮成杂粮饭，也可以单独煮熟做配菜。</p>",
                "tags": "wild rice, black rice, 野米, 菰米, 杂粮饭, 粗粮",
                "category": "wild-rice",
                "hs_code": "10089000",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("1 lb", "NLR-CULT-1", "9.50", 480, 150),
                    V("5 lb", "NLR-CULT-5", "39.00", 2350, 30, "45.00"),
                ],
            },
            {
                "handle": "wild-rice-soup-mix",
                "title_en": "Minnesota Wild Rice Soup Mix",
                "title_zh_hans": "野米浓汤料包 奶油蘑菇风味",
                "description_en": "<p>Wild rice, dried mushrooms and seasoning for a pot of creamy Minnesota wild rice soup. Just add milk or cream.</p>",
                "description_zh_hans": "<p>内含野米、干蘑菇和调味料，加入牛奶或淡奶油即可煮一锅明尼苏达风味野米奶油浓汤。</p>",
                "tags": "soup mix, wild rice soup, 汤料包, 野米, 浓汤",
                "category": "wild-rice",
                "hs_code": "21041000",
                "tax_category": "food",
                "variants": [V("", "NLR-SOUP", "8.95", 210, 70)],
            },
            {
                "handle": "wild-rice-blueberry-pancake-mix",
                "title_en": "Wild Rice & Blueberry Pancake Mix",
                "title_zh_hans": "野米蓝莓松饼粉",
                "description_en": "<p>Stone-ground flour with cooked wild rice and dried wild blueberries. Add egg and milk for a Sunday breakfast.</p>",
                "description_zh_hans": "<p>石磨面粉加入熟野米和野生蓝莓干，只需加鸡蛋和牛奶，周末早餐轻松搞定。</p>",
                "tags": "pancake mix, 松饼粉, 蓝莓, 野米, 早餐",
                "category": "flour-grains",
                "hs_code": "19012000",
                "tax_category": "food",
                "variants": [V("", "NLR-PANCAKE", "9.50", 500, 45)],
            },
            {
                "handle": "wild-rice-gift-sampler",
                "title_en": "Wild Rice Gift Sampler (3 Grades)",
                "title_zh_hans": "野米三种等级礼盒装",
                "description_en": "<p>Half a pound each of lake-harvested, long-grain cultivated and broken wild rice, with recipe cards.</p>",
                "description_zh_hans": "<p>湖区手工野米、长粒种植野米和碎野米各半磅，附食谱卡片。</p>",
                "tags": "gift, wild rice, 礼盒, 野米, 菰米",
                "category": "wild-rice",
                "hs_code": "10089000",
                "tax_category": "agricultural",
                "variants": [V("", "NLR-GIFT-3", "32.00", 800, 15)],
            },
        ],
    },
    # ------------------------------------------------------------------ OH maple
    {
        "slug": "middlefield-sugarbush",
        "name": "Middlefield Sugarbush",
        "state": "OH",
        "legal_name": "Middlefield Sugarbush LLC",
        "ein": "34-1987652",
        "address_line1": "15890 Nauvoo Rd",
        "city": "Middlefield",
        "zip_code": "44062",
        "contact_name": "Ruth Miller",
        "contact_phone": "(440) 555-0139",
        "kind": "farm",
        "story": (
            "Our family taps about 4,000 sugar maples in Geauga County, the heart of Ohio's maple country. "
            "The sap runs for only a few weeks each spring; we boil it the same day over a wood-fired "
            "evaporator, about forty litres of sap for one litre of syrup, with nothing added."
        ),
        "story_zh_hans": (
            "我们家在俄亥俄州的枫糖之乡吉奥加县经营着约四千棵糖枫树。每年春天只有短短几周可以采集树液，"
            "我们当天就用柴火蒸发锅熬煮，大约四十升树液才能熬出一升枫糖浆，不添加任何东西。"
        ),
        "products": [
            {
                "handle": "pure-maple-syrup-amber-rich",
                "title_en": "Pure Ohio Maple Syrup, Grade A Amber Rich",
                "title_zh_hans": "俄亥俄纯枫糖浆 A级琥珀色 浓郁风味",
                "description_en": (
                    "<p>Our everyday syrup: amber colour, a rich caramel flavour, made from nothing but maple "
                    "sap. Pour it on pancakes, stir it into coffee or use it in place of sugar.</p>"
                    "<ul><li>100% pure maple, no corn syrup</li><li>Refrigerate after opening</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>我们最受欢迎的日常款：琥珀色，焦糖香浓郁，原料只有枫树汁。可淋在松饼上、加进咖啡，或代替白糖烹饪。</p>"
                    "<ul><li>100%纯枫糖浆，不含玉米糖浆</li><li>开封后请冷藏</li></ul>"
                ),
                "tags": "maple syrup, pure maple, 枫糖浆, 纯枫糖浆, 俄亥俄, 松饼",
                "category": "maple-syrup",
                "hs_code": "17022000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("8 fl oz", "MSB-AMB-08", "11.95", 360, 80),
                    V("16 fl oz", "MSB-AMB-16", "18.95", 650, 60),
                    V("32 fl oz", "MSB-AMB-32", "32.95", 1250, 30, "36.00"),
                ],
            },
            {
                "handle": "pure-maple-syrup-dark-robust",
                "title_en": "Pure Maple Syrup, Grade A Dark Robust",
                "title_zh_hans": "纯枫糖浆 A级深色 醇厚风味 烘焙专用",
                "description_en": "<p>Late-season syrup with a deep colour and strong maple taste that stands up in baking, glazes and barbecue sauce.</p>",
                "description_zh_hans": "<p>采集季后期熬制，颜色深、枫香浓，适合烘焙、做烤肉酱汁和糖霜。</p>",
                "tags": "maple syrup, dark maple, 枫糖浆, 烘焙, 深色枫糖浆",
                "category": "maple-syrup",
                "hs_code": "17022000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("16 fl oz", "MSB-DRK-16", "18.95", 650, 40),
                    V("32 fl oz", "MSB-DRK-32", "32.95", 1250, 0),
                ],
            },
            {
                "handle": "granulated-maple-sugar",
                "title_en": "Granulated Maple Sugar",
                "title_zh_hans": "纯枫糖 颗粒砂糖 天然代糖",
                "description_en": "<p>Maple syrup boiled until only sugar crystals remain. Use it one-for-one in place of white sugar.</p>",
                "description_zh_hans": "<p>把枫糖浆继续熬煮到只剩结晶而成的颗粒糖，可按1:1替代白砂糖。</p>",
                "tags": "maple sugar, 枫糖, 代糖, 烘焙",
                "category": "maple-syrup",
                "hs_code": "17022000",
                "tax_category": "food",
                "variants": [V("", "MSB-SUGAR-08", "12.50", 260, 55)],
            },
            {
                "handle": "maple-cream-spread",
                "title_en": "Maple Cream Spread",
                "title_zh_hans": "枫糖奶油抹酱（纯枫糖制成 不含奶）",
                "description_en": "<p>Despite the name there is no dairy: just maple syrup, heated and stirred until smooth and spreadable.</p>",
                "description_zh_hans": "<p>名字里有“奶油”，其实不含乳制品：只用枫糖浆加热后反复搅拌，口感顺滑，可直接涂抹面包。</p>",
                "tags": "maple cream, maple butter, 枫糖抹酱, 枫糖, 早餐",
                "category": "maple-syrup",
                "hs_code": "17022000",
                "tax_category": "food",
                "variants": [V("", "MSB-CREAM-08", "13.50", 300, 40)],
            },
            {
                "handle": "maple-leaf-candy",
                "title_en": "Maple Sugar Leaf Candy, 12 Pieces",
                "title_zh_hans": "枫叶造型枫糖糖果 12颗装",
                "description_en": "<p>Melt-in-your-mouth candies pressed in maple-leaf moulds from our syrup.</p>",
                "description_zh_hans": "<p>用自家枫糖浆压制成枫叶形状的糖果，入口即化。</p>",
                "tags": "maple candy, 枫糖, 糖果, 伴手礼",
                "category": "maple-syrup",
                "hs_code": "17022000",
                "tax_category": "food",
                "variants": [V("", "MSB-CANDY-12", "9.95", 150, 65)],
            },
            {
                "handle": "bourbon-barrel-aged-maple-syrup",
                "title_en": "Bourbon Barrel-Aged Maple Syrup",
                "title_zh_hans": "波本桶陈酿枫糖浆",
                "description_en": "<p>Amber syrup rested for three months in a used Kentucky bourbon barrel. Coming this autumn.</p>",
                "description_zh_hans": "<p>琥珀色枫糖浆在肯塔基波本旧酒桶中静置三个月，带有橡木和香草香气。今年秋季上市。</p>",
                "tags": "maple syrup, bourbon barrel, 枫糖浆, 橡木桶",
                "category": "maple-syrup",
                "status": "draft",
                "hs_code": "17022000",
                "tax_category": "food",
                "variants": [V("", "MSB-BBL-375", "24.00", 700, 0)],
            },
        ],
    },
    # ------------------------------------------------------------------ KS honey
    {
        "slug": "flint-hills-honey",
        "name": "Flint Hills Honey Co.",
        "state": "KS",
        "legal_name": "Flint Hills Honey Company LLC",
        "ein": "48-1237754",
        "address_line1": "218 W Main St",
        "city": "Council Grove",
        "zip_code": "66846",
        "contact_name": "Marcus Reed",
        "contact_phone": "(620) 555-0155",
        "kind": "farm",
        "story": (
            "Our 300 hives sit on native tallgrass prairie in the Flint Hills of Kansas, among wildflowers, "
            "clover and sunflower fields. We extract the honey without heating it and strain it only once, "
            "so it keeps its pollen and aroma, and its natural tendency to crystallize, which is a sign of "
            "raw honey, not a fault."
        ),
        "story_zh_hans": (
            "我们的三百个蜂箱分布在堪萨斯州弗林特山的原生高草草原上，周围是野花、三叶草和向日葵田。"
            "蜂蜜不经加热取出，只过滤一次，保留花粉和香气，也保留了自然结晶的特性——结晶是生蜂蜜的标志，"
            "而不是质量问题。"
        ),
        "products": [
            {
                "handle": "raw-wildflower-honey",
                "title_en": "Raw Kansas Wildflower Honey",
                "title_zh_hans": "堪萨斯生蜂蜜 野花蜜 未加热未精滤",
                "description_en": (
                    "<p>Summer honey from prairie wildflowers: floral, slightly fruity, different every year. "
                    "Unheated and lightly strained.</p><ul><li>Do not give honey to babies under one year</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>来自草原野花的夏季蜂蜜，花香浓郁，略带果香，每年风味都略有不同。未经加热，仅粗滤。</p>"
                    "<ul><li>一岁以下婴儿请勿食用蜂蜜</li></ul>"
                ),
                "tags": "raw honey, wildflower honey, 生蜂蜜, 野花蜜, 蜂蜜, 堪萨斯",
                "category": "honey",
                "hs_code": "04090000",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("12 oz", "FHH-WF-12", "11.50", 480, 100),
                    V("2 lb", "FHH-WF-32", "24.00", 1100, 45),
                    V("5 lb", "FHH-WF-80", "49.00", 2500, 12, "55.00"),
                ],
            },
            {
                "handle": "raw-clover-honey",
                "title_en": "Raw Clover Honey",
                "title_zh_hans": "三叶草生蜂蜜 清香型",
                "description_en": "<p>A light, mild honey from white and sweet clover: the classic taste for tea and toast.</p>",
                "description_zh_hans": "<p>来自白三叶和草木樨的浅色蜂蜜，口感清淡柔和，冲茶、抹吐司都合适。</p>",
                "tags": "clover honey, raw honey, 三叶草蜂蜜, 蜂蜜, 生蜂蜜",
                "category": "honey",
                "hs_code": "04090000",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("12 oz", "FHH-CL-12", "10.50", 480, 80),
                    V("2 lb", "FHH-CL-32", "22.00", 1100, 30),
                ],
            },
            {
                "handle": "creamed-honey",
                "title_en": "Creamed Honey",
                "title_zh_hans": "奶油蜂蜜 绵密结晶蜜 可直接涂抹",
                "description_en": "<p>Raw honey crystallized under control into a fine, spreadable texture. Nothing added.</p>",
                "description_zh_hans": "<p>生蜂蜜经控温结晶，质地细腻如奶油，可直接涂抹。无任何添加。</p>",
                "tags": "creamed honey, 结晶蜜, 奶油蜂蜜, 蜂蜜",
                "category": "honey",
                "hs_code": "04090000",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "FHH-CR-08", "9.50", 330, 50),
                    V("16 oz", "FHH-CR-16", "16.50", 600, 20),
                ],
            },
            {
                "handle": "raw-honeycomb",
                "title_en": "Raw Honeycomb",
                "title_zh_hans": "天然蜂巢蜜 整块巢蜜",
                "description_en": "<p>A cut square of comb straight from the frame. The wax is edible; chew it like gum or spread it on warm bread.</p>",
                "description_zh_hans": "<p>从巢框上直接切下的整块巢蜜，蜂蜡可以嚼食，也可以抹在热面包上。</p>",
                "tags": "honeycomb, comb honey, 蜂巢蜜, 巢蜜, 蜂蜜",
                "category": "honey",
                "hs_code": "04090000",
                "tax_category": "agricultural",
                "variants": [V("", "FHH-COMB-12", "22.00", 450, 15)],
            },
            {
                "handle": "sunflower-honey",
                "title_en": "Kansas Sunflower Honey",
                "title_zh_hans": "向日葵蜂蜜 堪萨斯向日葵田",
                "description_en": "<p>Golden, buttery honey from the sunflower fields of the Sunflower State. It crystallizes quickly. Sold out until the next harvest.</p>",
                "description_zh_hans": "<p>来自“向日葵之州”堪萨斯向日葵田的蜂蜜，色泽金黄，口感醇厚，很快会自然结晶。本季已售罄，等待新蜜。</p>",
                "tags": "sunflower honey, 向日葵蜂蜜, 蜂蜜",
                "category": "honey",
                "hs_code": "04090000",
                "tax_category": "agricultural",
                "variants": [V("", "FHH-SUN-12", "11.50", 480, 0)],
            },
            {
                "handle": "honey-sticks-50",
                "title_en": "Honey Sticks, 50 Pack",
                "title_zh_hans": "便携蜂蜜条 50支装",
                "description_en": "<p>Wildflower honey sealed in paper-thin straws: a spoonful of honey for tea on the go.</p>",
                "description_zh_hans": "<p>野花蜂蜜分装在细吸管里，随身携带，一支就是一勺蜂蜜。</p>",
                "tags": "honey sticks, 蜂蜜条, 便携, 蜂蜜",
                "category": "honey",
                "hs_code": "04090000",
                "tax_category": "agricultural",
                "variants": [V("", "FHH-STK-50", "14.00", 320, 70)],
            },
        ],
    },
    # ------------------------------------------------------------------ NE popcorn
    {
        "slug": "north-loup-popcorn",
        "name": "North Loup Popcorn Farm",
        "state": "NE",
        "legal_name": "Sorensen Popcorn Farms Inc.",
        "ein": "47-0893215",
        "address_line1": "38112 Highway 11",
        "city": "North Loup",
        "zip_code": "68859",
        "contact_name": "Brad Sorensen",
        "contact_phone": "(308) 555-0171",
        "kind": "farm",
        "story": (
            "North Loup, Nebraska, has celebrated popcorn with a summer festival for more than a century, "
            "and our family has grown it along the Loup River for four generations. We grow non-GMO "
            "heirloom varieties, let them dry down in the field, and shell and clean every batch on the farm."
        ),
        "story_zh_hans": (
            "内布拉斯加州的北卢普小镇一百多年来每年夏天都举办爆米花节，我们家在卢普河畔种植爆米花玉米已经四代。"
            "我们种植非转基因的传统老品种，在田里自然干燥，每一批都在农场脱粒、清选。"
        ),
        "products": [
            {
                "handle": "yellow-butterfly-popcorn-kernels",
                "title_en": "Yellow Butterfly Popcorn Kernels",
                "title_zh_hans": "内布拉斯加爆米花玉米粒 黄色蝴蝶型",
                "description_en": (
                    "<p>Big, tender butterfly-shaped popcorn with wings that catch butter and salt. Pops "
                    "almost every kernel in a pot, popper or air machine.</p>"
                ),
                "description_zh_hans": "<p>蝴蝶型大颗爆米花，“翅膀”多，最能挂住黄油和盐。用锅、爆米花机或空气炸锅都能爆得很充分。</p>",
                "tags": "popcorn, popcorn kernels, 爆米花, 爆米花玉米粒, 玉米粒, 内布拉斯加",
                "category": "popcorn",
                "hs_code": "10059000",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("2 lb", "NLP-YEL-2", "7.99", 950, 140),
                    V("6 lb", "NLP-YEL-6", "19.99", 2800, 40),
                ],
            },
            {
                "handle": "mushroom-popcorn-kernels",
                "title_en": "Mushroom Popcorn Kernels (for Caramel Corn)",
                "title_zh_hans": "球形蘑菇爆米花玉米粒 焦糖爆米花专用",
                "description_en": "<p>Pops into round, sturdy balls that hold a caramel or chocolate coating without breaking.</p>",
                "description_zh_hans": "<p>爆开后呈圆球状，结实不易碎，最适合裹焦糖、巧克力，做电影院同款焦糖爆米花。</p>",
                "tags": "mushroom popcorn, caramel corn, 爆米花, 焦糖爆米花, 球形爆米花",
                "category": "popcorn",
                "hs_code": "10059000",
                "tax_category": "agricultural",
                "variants": [V("", "NLP-MUSH-2", "8.99", 950, 60)],
            },
            {
                "handle": "heirloom-popcorn-sampler",
                "title_en": "Heirloom Popcorn Sampler: Red, Blue and White",
                "title_zh_hans": "彩色爆米花玉米粒组合 红 蓝 白 三色",
                "description_en": "<p>Three one-pound bags of our heirloom coloured kernels. They all pop white, each with its own taste.</p>",
                "description_zh_hans": "<p>红、蓝、白三种传统彩色玉米粒各一磅。爆开后都是白色，但口感各有不同。</p>",
                "tags": "heirloom popcorn, 彩色玉米, 爆米花, 礼盒",
                "category": "popcorn",
                "hs_code": "10059000",
                "tax_category": "agricultural",
                "variants": [V("", "NLP-HEIR-3", "16.99", 1450, 35)],
            },
            {
                "handle": "popcorn-on-the-cob",
                "title_en": "Popcorn on the Cob, 3 Ears",
                "title_zh_hans": "整穗爆米花玉米 纸袋微波炉直接爆",
                "description_en": "<p>Put an ear in a paper bag, fold the top and microwave for two minutes: children love watching it pop off the cob.</p>",
                "description_zh_hans": "<p>把一整穗玉米放进纸袋，封口后用微波炉加热两分钟，就能看到玉米粒在穗上直接爆开，孩子们特别喜欢。</p>",
                "tags": "popcorn on the cob, 整穗玉米, 爆米花, 亲子",
                "category": "popcorn",
                "hs_code": "10059000",
                "tax_category": "agricultural",
                "variants": [V("", "NLP-COB-3", "8.50", 400, 75)],
            },
            {
                "handle": "baby-white-hulless-popcorn",
                "title_en": "Baby White Hulless Popcorn",
                "title_zh_hans": "白色小粒爆米花 少皮不塞牙",
                "description_en": "<p>Small, tender white kernels with very thin hulls, so fewer bits stick in your teeth.</p>",
                "description_zh_hans": "<p>小颗白玉米粒，外皮极薄，爆开后口感嫩，吃起来不容易塞牙。</p>",
                "tags": "hulless popcorn, white popcorn, 爆米花, 白玉米, 少皮",
                "category": "popcorn",
                "hs_code": "10059000",
                "tax_category": "agricultural",
                "variants": [V("", "NLP-WHT-2", "8.49", 950, 0)],
            },
            {
                "handle": "popcorn-gift-set-seasonings",
                "title_en": "Popcorn Lover's Gift Set with Seasonings",
                "title_zh_hans": "爆米花礼盒 附三种调味粉",
                "description_en": "<p>Two kernel varieties with white cheddar, ranch and kettle-corn seasonings. A holiday item, back in November.</p>",
                "description_zh_hans": "<p>两种爆米花玉米粒，配白切达奶酪、田园和甜咸三种调味粉。节日限定，十一月回归。</p>",
                "tags": "gift set, 爆米花礼盒, 调味粉, 送礼",
                "category": "popcorn",
                "status": "archived",
                "hs_code": "10059000",
                "tax_category": "agricultural",
                "variants": [V("", "NLP-GIFT", "24.99", 1300, 0)],
            },
        ],
    },
    # ------------------------------------------------------------------ MO pecans
    {
        "slug": "chariton-river-pecans",
        "name": "Chariton River Pecans",
        "state": "MO",
        "legal_name": "Chariton River Pecan Company LLC",
        "ein": "43-1806451",
        "address_line1": "402 E Broadway St",
        "city": "Brunswick",
        "zip_code": "65236",
        "contact_name": "Linda Heisel",
        "contact_phone": "(660) 555-0126",
        "kind": "farm",
        "story": (
            "Brunswick calls itself the pecan capital of Missouri, and our native groves along the Missouri "
            "and Grand rivers are more than a hundred years old. Northern native pecans are smaller than "
            "southern varieties but richer in oil and flavour. We harvest in November, crack and shell on "
            "the farm and ship them fresh."
        ),
        "story_zh_hans": (
            "布伦瑞克素有“密苏里碧根果之都”的称号，我们位于密苏里河与格兰德河沿岸的原生碧根果林树龄已过百年。"
            "北方原生碧根果个头比南方品种小，但油脂更丰富、香味更浓。每年十一月采收，在农场破壳取仁，新鲜发货。"
        ),
        "products": [
            {
                "handle": "missouri-native-pecan-halves",
                "title_en": "Missouri Native Pecan Halves",
                "title_zh_hans": "密苏里碧根果 原生长寿果仁 去壳半瓣",
                "description_en": (
                    "<p>Shelled halves from our native trees, this season's crop. Buttery and sweet; toast "
                    "them for five minutes to bring out the flavour.</p><ul><li>Store in the fridge or freezer</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>当季原生碧根果去壳半瓣仁，口感香甜如奶油。烤箱烘烤五分钟，香味更浓。</p>"
                    "<ul><li>请冷藏或冷冻保存</li></ul>"
                ),
                "tags": "pecans, pecan halves, 碧根果, 长寿果, 坚果, 密苏里",
                "category": "nuts",
                "hs_code": "08029090",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("1 lb", "CRP-HALF-1", "15.99", 480, 90),
                    V("2 lb", "CRP-HALF-2", "29.99", 950, 45),
                    V("5 lb", "CRP-HALF-5", "69.00", 2350, 10, "75.00"),
                ],
            },
            {
                "handle": "pecan-pieces-baking",
                "title_en": "Pecan Pieces for Baking",
                "title_zh_hans": "碧根果碎 烘焙专用",
                "description_en": "<p>Medium pieces, ready for pecan pie, brownies and granola.</p>",
                "description_zh_hans": "<p>中等大小的碧根果碎，做碧根果派、布朗尼和格兰诺拉麦片正合适。</p>",
                "tags": "pecan pieces, baking, 碧根果碎, 烘焙, 坚果",
                "category": "nuts",
                "hs_code": "08029090",
                "tax_category": "agricultural",
                "variants": [V("", "CRP-PCS-1", "12.99", 480, 60)],
            },
            {
                "handle": "in-shell-native-pecans",
                "title_en": "In-Shell Native Pecans",
                "title_zh_hans": "带壳碧根果 原味 手剥",
                "description_en": "<p>Whole native pecans in the shell, unroasted. Crack two together in your hand, the way we do in the grove.</p>",
                "description_zh_hans": "<p>未经烘烤的带壳原生碧根果。两颗握在手里一捏就开，和我们在果园里的吃法一样。</p>",
                "tags": "in-shell pecans, 带壳碧根果, 碧根果, 手剥坚果",
                "category": "nuts",
                "hs_code": "08029090",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("2 lb", "CRP-SHELL-2", "11.99", 950, 70),
                    V("5 lb", "CRP-SHELL-5", "25.00", 2350, 25),
                ],
            },
            {
                "handle": "cinnamon-glazed-pecans",
                "title_en": "Cinnamon Glazed Pecans",
                "title_zh_hans": "肉桂糖衣碧根果 零食坚果",
                "description_en": "<p>Pecan halves roasted with cinnamon sugar until crisp: the smell of a Missouri county fair.</p>",
                "description_zh_hans": "<p>碧根果仁裹上肉桂糖烘烤至酥脆，是密苏里乡村集市的味道。</p>",
                "tags": "glazed pecans, candied pecans, 肉桂, 碧根果, 零食",
                "category": "nuts",
                "hs_code": "20081999",
                "tax_category": "food",
                "variants": [V("", "CRP-CIN-08", "11.50", 260, 40)],
            },
            {
                "handle": "chocolate-pecan-clusters",
                "title_en": "Milk Chocolate Pecan Clusters",
                "title_zh_hans": "牛奶巧克力碧根果脆",
                "description_en": "<p>Toasted pecans and caramel in milk chocolate. Not shipped in summer heat, so currently out of stock.</p>",
                "description_zh_hans": "<p>烤碧根果与焦糖裹上牛奶巧克力。夏季高温不发货，目前暂时缺货。</p>",
                "tags": "chocolate, pecan clusters, 巧克力, 碧根果",
                "category": "nuts",
                "hs_code": "18069000",
                "tax_category": "food",
                "variants": [V("", "CRP-CLUS-10", "18.00", 320, 0)],
            },
        ],
    },
    # ------------------------------------------------------------------ WI cheese
    {
        "slug": "green-county-cheese-house",
        "name": "Green County Cheese House",
        "state": "WI",
        "legal_name": "Green County Cheese House Inc.",
        "ein": "39-1675420",
        "address_line1": "1401 17th Ave",
        "city": "Monroe",
        "zip_code": "53566",
        "contact_name": "Hans Zimmerman",
        "contact_phone": "(608) 555-0188",
        "kind": "food_maker",
        "story": (
            "Green County was settled by Swiss cheesemakers in the 1840s, and our creamery still buys milk "
            "every morning from a dozen family dairies within twenty miles. Our cheesemakers hold Wisconsin "
            "cheesemaker licences, and we age our cheddars in our own cellars for up to five years."
        ),
        "story_zh_hans": (
            "威斯康星州格林县在19世纪40年代由瑞士奶酪师开拓，我们的奶酪坊至今每天早上向方圆二十英里内的十几家家庭牧场收购鲜奶。"
            "我们的奶酪师都持有威斯康星州颁发的奶酪师执照，切达奶酪在自家地窖中最长熟成五年。"
        ),
        "products": [
            {
                "handle": "two-year-aged-white-cheddar",
                "title_en": "2-Year Aged Wisconsin White Cheddar",
                "title_zh_hans": "威斯康星切达奶酪 两年陈酿 白切达",
                "description_en": (
                    "<p>Sharp, creamy and slightly crumbly after two years in our cellar. Ships cold with ice "
                    "packs.</p><ul><li>Made with pasteurized cow's milk</li><li>Keep refrigerated</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>在地窖中熟成两年，风味浓郁，口感绵密略带颗粒感。冰袋冷链发货。</p>"
                    "<ul><li>巴氏杀菌牛乳制作</li><li>请冷藏保存</li></ul>"
                ),
                "tags": "cheddar, cheese, aged cheddar, 奶酪, 切达奶酪, 芝士, 威斯康星",
                "category": "cheese",
                "hs_code": "04069000",
                "tax_category": "food",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "GCC-CH2-08", "9.95", 260, 70),
                    V("1 lb", "GCC-CH2-16", "17.95", 490, 35),
                ],
            },
            {
                "handle": "five-year-reserve-cheddar",
                "title_en": "5-Year Reserve Cheddar",
                "title_zh_hans": "五年陈酿珍藏切达奶酪 带结晶颗粒",
                "description_en": "<p>Our oldest cheddar: intensely sharp, with crunchy tyrosine crystals. Serve it with apple slices.</p>",
                "description_zh_hans": "<p>我们熟成时间最长的切达，风味浓烈，带有脆脆的氨基酸结晶颗粒，配苹果片最好吃。</p>",
                "tags": "reserve cheddar, aged cheese, 陈年奶酪, 切达奶酪, 芝士",
                "category": "cheese",
                "hs_code": "04069000",
                "tax_category": "food",
                "variants": [V("", "GCC-CH5-08", "16.95", 260, 18)],
            },
            {
                "handle": "colby-longhorn",
                "title_en": "Colby Longhorn Cheese",
                "title_zh_hans": "科尔比奶酪 长角造型 温和奶香",
                "description_en": "<p>Colby was invented in Wisconsin in 1885: mild, moist and a favourite for sandwiches and melting.</p>",
                "description_zh_hans": "<p>科尔比奶酪1885年诞生于威斯康星州，口感温和湿润，夹三明治、做焗烤都很合适。</p>",
                "tags": "colby, cheese, 科尔比奶酪, 奶酪, 芝士",
                "category": "cheese",
                "hs_code": "04069000",
                "tax_category": "food",
                "variants": [V("", "GCC-COLBY-16", "11.95", 490, 40)],
            },
            {
                "handle": "wisconsin-brick-cheese",
                "title_en": "Wisconsin Brick Cheese",
                "title_zh_hans": "威斯康星砖形奶酪 传统洗浸奶酪",
                "description_en": "<p>A washed-rind cheese first made in Wisconsin, pressed under bricks: buttery when young, earthy when aged.</p>",
                "description_zh_hans": "<p>起源于威斯康星的洗浸奶酪，传统上用砖块压制成型。年轻时奶香浓郁，熟成后风味更醇厚。</p>",
                "tags": "brick cheese, 砖形奶酪, 奶酪, 洗浸奶酪",
                "category": "cheese",
                "hs_code": "04069000",
                "tax_category": "food",
                "variants": [V("", "GCC-BRICK-08", "8.95", 260, 25)],
            },
            {
                "handle": "hickory-smoked-gouda",
                "title_en": "Hickory Smoked Gouda",
                "title_zh_hans": "山核桃木烟熏高达奶酪",
                "description_en": "<p>Gouda cold-smoked over hickory for a bacon-like aroma. Great on burgers.</p>",
                "description_zh_hans": "<p>高达奶酪用山核桃木冷熏，带有类似培根的烟熏香，夹汉堡特别香。</p>",
                "tags": "smoked gouda, gouda, 烟熏奶酪, 高达奶酪, 芝士",
                "category": "cheese",
                "hs_code": "04069000",
                "tax_category": "food",
                "variants": [V("", "GCC-GOUDA-08", "10.50", 260, 30)],
            },
            {
                "handle": "wisconsin-cheese-gift-box",
                "title_en": "Wisconsin Cheese Gift Box (4 Cheeses)",
                "title_zh_hans": "威斯康星奶酪礼盒 四种口味",
                "description_en": "<p>Two-year cheddar, Colby, brick and smoked Gouda, with a cheese knife and tasting notes.</p>",
                "description_zh_hans": "<p>两年切达、科尔比、砖形奶酪和烟熏高达四款组合，附奶酪刀和品鉴卡。</p>",
                "tags": "cheese gift box, 奶酪礼盒, 送礼, 芝士",
                "category": "cheese",
                "hs_code": "04069000",
                "tax_category": "food",
                "variants": [V("", "GCC-GIFT-4", "49.00", 1200, 15, "55.00")],
            },
        ],
    },
    # ------------------------------------------------------------------ IL candles
    {
        "slug": "galena-candle-works",
        "name": "Galena Candle Works",
        "state": "IL",
        "legal_name": "Galena Candle Works LLC",
        "ein": "36-4729183",
        "address_line1": "219 S Main St",
        "city": "Galena",
        "zip_code": "61036",
        "contact_name": "Megan Kowalski",
        "contact_phone": "(815) 555-0142",
        "kind": "craft",
        "story": (
            "We pour every candle by hand in a restored 1850s storefront on Galena's Main Street, using wax "
            "made from soybeans grown in Illinois, cotton wicks and phthalate-free fragrance oils. Each scent "
            "is named after a place along the Mississippi River that we love."
        ),
        "story_zh_hans": (
            "我们在加利纳主街一栋修复过的19世纪50年代老店铺里手工浇制每一支蜡烛，选用伊利诺伊州大豆制成的大豆蜡、"
            "纯棉烛芯和不含邻苯二甲酸酯的香精。每一款香味都以我们喜爱的密西西比河畔的地方命名。"
        ),
        "products": [
            {
                "handle": "prairie-lavender-soy-candle",
                "title_en": "Prairie Lavender Soy Candle",
                "title_zh_hans": "草原薰衣草 大豆香薰蜡烛 手工浇制",
                "description_en": (
                    "<p>Lavender and a little sweet hay, in an amber glass jar. Burns clean for up to 50 hours "
                    "(8 oz) or 90 hours (16 oz).</p><ul><li>Trim the wick to 5 mm before each burn</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>薰衣草混合淡淡的干草甜香，琥珀色玻璃罐装。8盎司可燃烧约50小时，16盎司约90小时，燃烧干净少烟。</p>"
                    "<ul><li>每次点燃前请将烛芯修剪至5毫米</li></ul>"
                ),
                "tags": "soy candle, lavender, 香薰蜡烛, 大豆蜡, 薰衣草, 蜡烛",
                "category": "candles",
                "hs_code": "34060000",
                "tax_category": "general",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "GCW-LAV-08", "22.00", 420, 60),
                    V("16 oz", "GCW-LAV-16", "34.00", 800, 25),
                ],
            },
            {
                "handle": "mississippi-riverbank-soy-candle",
                "title_en": "Mississippi Riverbank Soy Candle (Cedar & Sage)",
                "title_zh_hans": "密西西比河畔 雪松鼠尾草 香薰蜡烛",
                "description_en": "<p>Cedar, sage and a hint of river mist: our best-selling scent.</p>",
                "description_zh_hans": "<p>雪松、鼠尾草加上一丝河面雾气般的清新，是我们卖得最好的香味。</p>",
                "tags": "soy candle, cedar, sage, 香薰蜡烛, 雪松, 蜡烛",
                "category": "candles",
                "hs_code": "34060000",
                "tax_category": "general",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "GCW-RIV-08", "22.00", 420, 45),
                    V("16 oz", "GCW-RIV-16", "34.00", 800, 0),
                ],
            },
            {
                "handle": "autumn-apple-orchard-candle",
                "title_en": "Autumn Apple Orchard Soy Candle",
                "title_zh_hans": "秋日苹果园 大豆蜡烛",
                "description_en": "<p>Crisp apple, cinnamon and a wood fire: an Illinois October in a jar.</p>",
                "description_zh_hans": "<p>脆苹果、肉桂和柴火的味道，把伊利诺伊的十月装进罐子里。</p>",
                "tags": "apple candle, 苹果, 香薰蜡烛, 大豆蜡",
                "category": "candles",
                "hs_code": "34060000",
                "tax_category": "general",
                "variants": [V("", "GCW-APL-08", "22.00", 420, 30)],
            },
            {
                "handle": "soy-wax-melts",
                "title_en": "Soy Wax Melts, 6 Cubes",
                "title_zh_hans": "大豆蜡 香薰蜡块 熏香炉用",
                "description_en": "<p>Flameless fragrance: put one cube in a wax warmer. Each cube lasts about eight hours.</p>",
                "description_zh_hans": "<p>无明火香薰：取一块放入香薰融蜡炉即可，每块约可使用八小时。</p>",
                "tags": "wax melts, 香薰蜡块, 融蜡, 无火香薰",
                "category": "candles",
                "hs_code": "34060000",
                "tax_category": "general",
                "option1_name": "Scent",
                "variants": [
                    V("Prairie Lavender", "GCW-MELT-LAV", "8.00", 110, 50),
                    V("Cedar & Sage", "GCW-MELT-RIV", "8.00", 110, 40),
                    V("Autumn Apple", "GCW-MELT-APL", "8.00", 110, 35),
                ],
            },
            {
                "handle": "hand-dipped-beeswax-tapers",
                "title_en": "Hand-Dipped Beeswax Taper Candles, Pair",
                "title_zh_hans": "手工蜂蜡长蜡烛 一对",
                "description_en": "<p>Ten-inch tapers dipped by hand in pure Illinois beeswax; they smell faintly of honey and drip very little.</p>",
                "description_zh_hans": "<p>10英寸长蜡烛，用伊利诺伊纯蜂蜡手工浸制，带淡淡蜂蜜香，几乎不滴蜡。</p>",
                "tags": "beeswax candles, taper, 蜂蜡蜡烛, 长蜡烛, 烛台",
                "category": "candles",
                "hs_code": "34060000",
                "tax_category": "general",
                "variants": [V("", "GCW-TAPER-2", "18.00", 250, 40)],
            },
        ],
    },
    # ------------------------------------------------------------------ IN quilts
    {
        "slug": "shipshewana-quilt-barn",
        "name": "Shipshewana Quilt Barn",
        "state": "IN",
        "legal_name": "Yoder Quilt Barn LLC",
        "ein": "35-2941067",
        "address_line1": "345 N Van Buren St",
        "city": "Shipshewana",
        "zip_code": "46565",
        "contact_name": "Esther Yoder",
        "contact_phone": "(260) 555-0114",
        "kind": "craft",
        "story": (
            "Our quilts are pieced and hand-quilted by a circle of Amish and Mennonite women in LaGrange "
            "County, Indiana. A queen-size quilt takes one quilter about 300 hours; each comes with a card "
            "naming the pattern and the women who made it."
        ),
        "story_zh_hans": (
            "我们的被子由印第安纳州拉格兰奇县的一群阿米什和门诺派妇女拼布并手工绗缝而成。"
            "一床大号被子需要一位绗缝师花约三百个小时完成，每件都附有卡片，写明图案名称和制作者的名字。"
        ),
        "products": [
            {
                "handle": "log-cabin-quilt",
                "title_en": "Hand-Quilted Log Cabin Quilt",
                "title_zh_hans": "阿米什手工拼布被 小木屋图案",
                "description_en": (
                    "<p>The classic Log Cabin pattern in warm reds and browns, pieced from cotton and quilted "
                    "entirely by hand.</p><ul><li>100% cotton top, backing and batting</li><li>Machine wash cold, line dry</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>经典“小木屋”图案，暖红与棕色调，纯棉布料拼接，全手工绗缝。</p>"
                    "<ul><li>面料、底布、填充物均为100%棉</li><li>可冷水机洗，晾干</li></ul>"
                ),
                "tags": "quilt, amish quilt, handmade, 拼布被, 手工被子, 阿米什, 绗缝",
                "category": "home-textiles",
                "hs_code": "94049090",
                "tax_category": "general",
                "option1_name": "Size",
                "variants": [
                    V("Queen", "SQB-LOG-Q", "1250.00", 3200, 2),
                    V("King", "SQB-LOG-K", "1450.00", 3900, 0),
                ],
            },
            {
                "handle": "sunshine-and-shadow-quilt",
                "title_en": "Sunshine and Shadow Quilt, Queen",
                "title_zh_hans": "阳光与阴影 阿米什传统拼布被 双人大号",
                "description_en": "<p>Hundreds of small squares in rings of bright and dark solids: a traditional Amish design.</p>",
                "description_zh_hans": "<p>数百块小方格按明暗纯色一圈圈排列，是阿米什传统图案。</p>",
                "tags": "quilt, amish, 拼布被, 手工被子, 床品",
                "category": "home-textiles",
                "hs_code": "94049090",
                "tax_category": "general",
                "variants": [V("", "SQB-SUN-Q", "1180.00", 3200, 1)],
            },
            {
                "handle": "double-wedding-ring-baby-quilt",
                "title_en": "Baby Crib Quilt, Double Wedding Ring",
                "title_zh_hans": "婴儿拼布小被 双环婚戒图案",
                "description_en": "<p>A soft pastel crib quilt in the Double Wedding Ring pattern, 36 × 52 inches. A keepsake baby gift.</p>",
                "description_zh_hans": "<p>柔和马卡龙色“双环婚戒”图案婴儿被，尺寸约91×132厘米，适合作为满月、百日纪念礼物。</p>",
                "tags": "baby quilt, crib quilt, 婴儿被, 拼布, 满月礼",
                "category": "home-textiles",
                "hs_code": "94049090",
                "tax_category": "general",
                "variants": [V("", "SQB-BABY", "240.00", 900, 4)],
            },
            {
                "handle": "quilted-table-runner",
                "title_en": "Quilted Table Runner",
                "title_zh_hans": "手工绗缝桌旗",
                "description_en": "<p>A 14 × 48 inch runner, pieced and quilted by hand.</p>",
                "description_zh_hans": "<p>约36×122厘米的手工拼布绗缝桌旗，给餐桌添一点美国乡村风。</p>",
                "tags": "table runner, 桌旗, 拼布, 餐桌布置",
                "category": "home-textiles",
                "hs_code": "63049200",
                "tax_category": "general",
                "option1_name": "Pattern",
                "variants": [
                    V("Autumn Leaves", "SQB-RUN-AUT", "48.00", 350, 8),
                    V("Blue Star", "SQB-RUN-STAR", "48.00", 350, 6),
                ],
            },
            {
                "handle": "quilted-potholders",
                "title_en": "Quilted Potholders, Set of 2",
                "title_zh_hans": "手工拼布隔热垫 两件套",
                "description_en": "<p>Thick cotton potholders with heat-resistant batting, sewn from our quilt fabric remnants.</p>",
                "description_zh_hans": "<p>用做被子剩下的棉布缝制，内有耐热填充层，厚实防烫。</p>",
                "tags": "potholders, 隔热垫, 厨房, 拼布",
                "category": "home-textiles",
                "hs_code": "63049200",
                "tax_category": "general",
                "variants": [V("", "SQB-POT-2", "16.00", 150, 30)],
            },
        ],
    },
    # ------------------------------------------------------------------ WI cranberries
    {
        "slug": "warrens-cranberry-marsh",
        "name": "Warrens Cranberry Marsh",
        "state": "WI",
        "legal_name": "Jacobson Cranberry Marsh LLC",
        "ein": "39-2246813",
        "address_line1": "W1840 Cranberry Rd",
        "city": "Warrens",
        "zip_code": "54666",
        "contact_name": "Erik Jacobson",
        "contact_phone": "(608) 555-0193",
        "kind": "farm",
        "story": (
            "More than half of America's cranberries grow in Wisconsin, and our marsh near Warrens has been "
            "in the family since 1932. Each October we flood the beds so the ripe berries float, gather them "
            "with booms and dry part of every harvest ourselves."
        ),
        "story_zh_hans": (
            "美国一半以上的蔓越莓产自威斯康星州，我们位于沃伦斯附近的蔓越莓沼泽自1932年起由家族经营。"
            "每年十月我们放水淹没莓田，成熟的果实浮上水面，再用浮栏把它们聚拢收获，其中一部分由我们自己烘干加工。"
        ),
        "products": [
            {
                "handle": "wisconsin-dried-cranberries",
                "title_en": "Wisconsin Dried Cranberries, Lightly Sweetened",
                "title_zh_hans": "威斯康星蔓越莓干 低糖 烘焙零食两用",
                "description_en": (
                    "<p>Whole cranberries from our marsh, infused with a little cane sugar and dried: tart, "
                    "chewy, bright red.</p><ul><li>About 30% less sugar than typical dried cranberries</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>自家沼泽收获的整颗蔓越莓，少量蔗糖浸渍后烘干，酸甜有嚼劲，颜色鲜红。</p>"
                    "<ul><li>比一般蔓越莓干少约30%的糖</li></ul>"
                ),
                "tags": "dried cranberries, cranberry, 蔓越莓干, 蔓越莓, 果干, 烘焙",
                "category": "dried-fruit",
                "hs_code": "08134090",
                "tax_category": "agricultural",
                "option1_name": "Size",
                "variants": [
                    V("8 oz", "WCM-DRY-08", "8.95", 250, 120),
                    V("1 lb", "WCM-DRY-16", "15.95", 480, 70),
                    V("3 lb", "WCM-DRY-48", "39.00", 1400, 20, "45.00"),
                ],
            },
            {
                "handle": "apple-juice-sweetened-cranberries",
                "title_en": "Apple-Juice-Sweetened Dried Cranberries",
                "title_zh_hans": "苹果汁浸渍蔓越莓干 无添加蔗糖",
                "description_en": "<p>Sweetened only with apple juice concentrate; a softer, fruitier cranberry for children's snacks.</p>",
                "description_zh_hans": "<p>只用浓缩苹果汁调味，不加蔗糖，口感更柔软、果香更足，适合给孩子当零食。</p>",
                "tags": "dried cranberries, no cane sugar, 蔓越莓干, 无蔗糖, 儿童零食",
                "category": "dried-fruit",
                "hs_code": "08134090",
                "tax_category": "agricultural",
                "variants": [V("", "WCM-AJ-08", "10.95", 250, 55)],
            },
            {
                "handle": "cranberry-juice-concentrate",
                "title_en": "100% Cranberry Juice Concentrate",
                "title_zh_hans": "100%蔓越莓浓缩原汁 无添加糖",
                "description_en": "<p>Pure pressed cranberry juice, concentrated. Very tart: dilute and sweeten to taste.</p>",
                "description_zh_hans": "<p>纯蔓越莓压榨浓缩原汁，口味很酸，请兑水并按口味加糖或蜂蜜饮用。</p>",
                "tags": "cranberry juice, 蔓越莓汁, 浓缩果汁, 蔓越莓",
                "category": "beverages",
                "hs_code": "20098100",
                "tax_category": "food",
                "variants": [V("", "WCM-JUICE-16", "19.95", 600, 30)],
            },
            {
                "handle": "dark-chocolate-cranberries",
                "title_en": "Dark Chocolate Cranberries",
                "title_zh_hans": "黑巧克力蔓越莓",
                "description_en": "<p>Dried cranberries in a thick dark-chocolate shell.</p>",
                "description_zh_hans": "<p>蔓越莓干外裹厚厚一层黑巧克力，酸甜与微苦的平衡。</p>",
                "tags": "chocolate cranberries, 巧克力, 蔓越莓",
                "category": "dried-fruit",
                "hs_code": "18069000",
                "tax_category": "food",
                "variants": [V("", "WCM-CHOC-08", "12.50", 260, 0)],
            },
            {
                "handle": "cranberry-pecan-trail-mix",
                "title_en": "Cranberry Pecan Trail Mix",
                "title_zh_hans": "蔓越莓碧根果 混合坚果果干",
                "description_en": "<p>Our dried cranberries with Missouri pecans, almonds and sunflower seeds.</p>",
                "description_zh_hans": "<p>自家蔓越莓干搭配密苏里碧根果、杏仁和葵花籽。</p>",
                "tags": "trail mix, 混合坚果, 蔓越莓, 碧根果",
                "category": "dried-fruit",
                "hs_code": "08135000",
                "tax_category": "agricultural",
                "variants": [V("", "WCM-MIX-12", "13.95", 370, 45)],
            },
        ],
    },
    # ------------------------------------------------------------------ KY bourbon
    {
        "slug": "limestone-spring-distillery",
        "name": "Limestone Spring Distillery",
        "state": "KY",
        "legal_name": "Limestone Spring Distilling Co. LLC",
        "ein": "61-1739025",
        "address_line1": "1150 Loretto Rd",
        "city": "Bardstown",
        "zip_code": "40004",
        "contact_name": "Caleb Whitfield",
        "contact_phone": "(502) 555-0177",
        "kind": "food_maker",
        "story": (
            "We are a small craft distillery in Bardstown, Kentucky, using corn from Nelson County farms and "
            "spring water filtered through the region's limestone, which removes iron and adds calcium. "
            "Every barrel is new, charred American oak, and ages at least four years in our rickhouse."
        ),
        "story_zh_hans": (
            "我们是肯塔基州巴兹敦的一家小型精酿酒厂，选用纳尔逊县农场种植的玉米，以及经当地石灰岩层过滤的泉水——"
            "石灰岩能滤去铁质、增加钙质。每一桶酒都使用全新的内壁炭化美国橡木桶，在我们的酒窖中陈酿至少四年。"
        ),
        "products": [
            {
                "handle": "kentucky-straight-bourbon-4-year",
                "title_en": "Kentucky Straight Bourbon Whiskey, 4 Year, 750 ml",
                "title_zh_hans": "肯塔基纯波本威士忌 4年 750毫升",
                "description_en": (
                    "<p>Caramel, vanilla and baking spice, with a long oak finish. 45% ABV.</p>"
                    "<ul><li>For buyers of legal drinking age only</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>焦糖、香草与烘焙香料风味，橡木余韵悠长。酒精度45%。</p>"
                    "<ul><li>仅售予达到法定饮酒年龄的买家</li></ul>"
                ),
                "tags": "bourbon, whiskey, kentucky, 波本, 威士忌, 洋酒",
                "category": "spirits",
                "hs_code": "22083000",
                "tax_category": "alcohol",
                "variants": [V("", "LSD-KSB-750", "42.00", 1350, 36)],
            },
            {
                "handle": "small-batch-bourbon-100-proof",
                "title_en": "Small Batch Bourbon, 100 Proof, 750 ml",
                "title_zh_hans": "小批量波本威士忌 50度 750毫升",
                "description_en": "<p>Twelve barrels or fewer per batch, bottled at 50% ABV. Rich and bold; try it with one ice cube.</p>",
                "description_zh_hans": "<p>每批次不超过十二桶，酒精度50%，酒体饱满浓烈，建议加一块冰饮用。</p>",
                "tags": "small batch, bourbon, 波本, 威士忌",
                "category": "spirits",
                "hs_code": "22083000",
                "tax_category": "alcohol",
                "variants": [V("", "LSD-SB-750", "58.00", 1350, 24)],
            },
            {
                "handle": "single-barrel-cask-strength-bourbon",
                "title_en": "Single Barrel Bourbon, Cask Strength, 750 ml",
                "title_zh_hans": "单桶原桶强度波本威士忌 750毫升 限量",
                "description_en": "<p>Each bottle comes from one barrel, uncut and unfiltered; the barrel number and proof are written by hand on the label.</p>",
                "description_zh_hans": "<p>每瓶酒都来自同一只酒桶，不加水稀释、不过滤，桶号和酒精度手写在酒标上。限量发售。</p>",
                "tags": "single barrel, cask strength, 单桶, 原桶强度, 波本, 威士忌",
                "category": "spirits",
                "hs_code": "22083000",
                "tax_category": "alcohol",
                "variants": [V("", "LSD-SGL-750", "89.00", 1400, 12, "99.00")],
            },
            {
                "handle": "kentucky-straight-rye-whiskey",
                "title_en": "Kentucky Straight Rye Whiskey, 750 ml",
                "title_zh_hans": "肯塔基纯黑麦威士忌 750毫升",
                "description_en": "<p>Made from 70% rye: peppery, dry and made for cocktails.</p>",
                "description_zh_hans": "<p>黑麦含量70%，带胡椒辛香，口感干爽，特别适合调制鸡尾酒。</p>",
                "tags": "rye whiskey, 黑麦威士忌, 威士忌, 鸡尾酒",
                "category": "spirits",
                "hs_code": "22083000",
                "tax_category": "alcohol",
                "variants": [V("", "LSD-RYE-750", "48.00", 1350, 20)],
            },
            {
                "handle": "bourbon-tasting-glasses",
                "title_en": "Bourbon Tasting Glasses, Set of 2",
                "title_zh_hans": "威士忌品鉴杯 两只装",
                "description_en": "<p>Tulip-shaped tasting glasses etched with our distillery's mark.</p>",
                "description_zh_hans": "<p>郁金香型品鉴杯，刻有酒厂标志，更好地聚拢酒香。</p>",
                "tags": "whiskey glass, 品鉴杯, 威士忌杯, 酒具",
                "category": "beverages",
                "hs_code": "70133700",
                "tax_category": "general",
                "variants": [V("", "LSD-GLASS-2", "24.00", 600, 40)],
            },
        ],
    },
    # ------------------------------------------------------------------ MN skin care
    {
        "slug": "north-shore-apothecary",
        "name": "North Shore Apothecary",
        "state": "MN",
        "legal_name": "North Shore Apothecary LLC",
        "ein": "41-2098764",
        "address_line1": "21 W Superior St",
        "city": "Duluth",
        "zip_code": "55802",
        "contact_name": "Sarah Lindqvist",
        "contact_phone": "(218) 555-0131",
        "kind": "craft",
        "story": (
            "We make small-batch balms and creams in Duluth on the shore of Lake Superior, with beeswax from "
            "Minnesota beekeepers, cold-pressed oils and as few ingredients as we can. Our recipes began as "
            "remedies for the dry, bitter cold of northern Minnesota winters."
        ),
        "story_zh_hans": (
            "我们在苏必利尔湖畔的德卢斯小批量手工制作润肤膏和面霜，选用明尼苏达养蜂人的蜂蜡和冷榨植物油，成分尽量精简。"
            "这些配方最初就是为了对付明尼苏达北部冬天干燥刺骨的严寒。"
        ),
        "products": [
            {
                "handle": "beeswax-lip-balm-3-pack",
                "title_en": "Beeswax Lip Balm, 3 Pack",
                "title_zh_hans": "天然蜂蜡润唇膏 三支装",
                "description_en": (
                    "<p>Beeswax, sunflower oil and vitamin E: five ingredients or fewer, no petroleum.</p>"
                    "<ul><li>For external use only</li></ul>"
                ),
                "description_zh_hans": "<p>蜂蜡、葵花籽油和维生素E，成分不超过五种，不含石油类成分。</p><ul><li>仅供外用</li></ul>",
                "tags": "lip balm, beeswax, 润唇膏, 蜂蜡, 护唇",
                "category": "beauty",
                "hs_code": "33041000",
                "tax_category": "cosmetics",
                "option1_name": "Flavor",
                "variants": [
                    V("Honey", "NSA-LIP-HON", "12.00", 60, 90),
                    V("Peppermint", "NSA-LIP-MNT", "12.00", 60, 70),
                ],
            },
            {
                "handle": "beeswax-hand-salve",
                "title_en": "Beeswax Hand Salve for Dry Skin",
                "title_zh_hans": "蜂蜡护手膏 干裂修护",
                "description_en": "<p>A thick salve for cracked winter hands, with beeswax, shea butter and calendula-infused olive oil.</p>",
                "description_zh_hans": "<p>质地厚实的护手膏，含蜂蜡、乳木果油和金盏花浸泡橄榄油，专为冬季干裂的双手设计。</p>",
                "tags": "hand salve, hand cream, 护手霜, 蜂蜡, 干裂修护",
                "category": "beauty",
                "hs_code": "33049900",
                "tax_category": "cosmetics",
                "option1_name": "Size",
                "variants": [
                    V("2 oz", "NSA-HAND-2", "16.00", 110, 60),
                    V("4 oz", "NSA-HAND-4", "26.00", 190, 25),
                ],
            },
            {
                "handle": "whipped-shea-beeswax-body-butter",
                "title_en": "Whipped Shea & Beeswax Body Butter",
                "title_zh_hans": "乳木果蜂蜡身体乳霜 滋润保湿",
                "description_en": "<p>Whipped until light and airy; it melts into the skin after a shower.</p>",
                "description_zh_hans": "<p>打发至轻盈蓬松的质地，沐浴后涂抹，遇体温即化开，滋润不黏腻。</p>",
                "tags": "body butter, shea, 身体乳, 乳木果, 保湿",
                "category": "beauty",
                "hs_code": "33049900",
                "tax_category": "cosmetics",
                "variants": [V("", "NSA-BODY-8", "28.00", 300, 35)],
            },
            {
                "handle": "calendula-night-face-cream",
                "title_en": "Calendula Night Face Cream, 50 ml",
                "title_zh_hans": "金盏花晚霜 修护面霜 50毫升",
                "description_en": "<p>A rich night cream with calendula, jojoba and squalane, for dry and sensitive skin.</p>",
                "description_zh_hans": "<p>含金盏花、荷荷巴油和角鲨烷的滋润型晚霜，适合干性和敏感肌肤。</p>",
                "tags": "face cream, night cream, 面霜, 晚霜, 敏感肌",
                "category": "beauty",
                "hs_code": "33049900",
                "tax_category": "cosmetics",
                "variants": [V("", "NSA-FACE-50", "38.00", 180, 20, "42.00")],
            },
            {
                "handle": "cedarwood-beard-balm",
                "title_en": "Cedarwood Beard Balm",
                "title_zh_hans": "雪松胡须膏 男士护理",
                "description_en": "<p>Softens and tames beards, with a woodsy cedar scent.</p>",
                "description_zh_hans": "<p>软化并定型胡须，带有清新的雪松木香。</p>",
                "tags": "beard balm, men, 胡须膏, 男士护理, 雪松",
                "category": "beauty",
                "hs_code": "33049900",
                "tax_category": "cosmetics",
                "variants": [V("", "NSA-BEARD-2", "18.00", 110, 30)],
            },
        ],
    },
    # ------------------------------------------------------------------ MI supplements
    {
        "slug": "great-lakes-naturals",
        "name": "Great Lakes Naturals",
        "state": "MI",
        "legal_name": "Great Lakes Naturals Inc.",
        "ein": "38-3928175",
        "address_line1": "660 Cascade West Pkwy SE",
        "city": "Grand Rapids",
        "zip_code": "49546",
        "contact_name": "Rebecca Holm",
        "contact_phone": "(616) 555-0164",
        "kind": "food_maker",
        "story": (
            "Great Lakes Naturals makes dietary supplements in an FDA-registered, cGMP-compliant facility in "
            "Grand Rapids, Michigan. We use wild-caught Alaskan fish oil, Midwest elderberries and "
            "Wisconsin-grown ginseng, test every lot in an independent lab and print the lot number on every bottle."
        ),
        "story_zh_hans": (
            "五大湖自然位于密歇根州大急流城，在通过FDA注册、符合cGMP规范的工厂中生产膳食补充剂。"
            "我们选用阿拉斯加野生深海鱼油、美国中西部接骨木莓和威斯康星种植的花旗参，每一批次都经独立实验室检测，"
            "批号印在每一瓶上。"
        ),
        "products": [
            {
                "handle": "omega-3-fish-oil-1200mg",
                "title_en": "Omega-3 Fish Oil 1200 mg Softgels",
                "title_zh_hans": "深海鱼油软胶囊 欧米伽3 1200毫克",
                "description_en": (
                    "<p>Wild Alaskan fish oil with 600 mg EPA + DHA per serving, molecularly distilled and "
                    "lemon-flavoured to avoid fishy burps.</p><ul><li>These statements have not been evaluated by the FDA</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>阿拉斯加野生鱼油，每份含EPA+DHA 600毫克，经分子蒸馏提纯，添加柠檬风味，减少鱼腥味反流。</p>"
                    "<ul><li>本品不能代替药物</li></ul>"
                ),
                "tags": "fish oil, omega-3, 鱼油, 深海鱼油, 欧米伽3, 保健品",
                "category": "supplements",
                "hs_code": "21069090",
                "tax_category": "supplement",
                "option1_name": "Count",
                "variants": [
                    V("120 softgels", "GLN-FO-120", "24.99", 260, 100, "29.99"),
                    V("240 softgels", "GLN-FO-240", "44.99", 480, 40),
                ],
            },
            {
                "handle": "elderberry-gummies",
                "title_en": "Elderberry Gummies with Vitamin C & Zinc, 60 Count",
                "title_zh_hans": "接骨木莓软糖 含维生素C和锌 60粒",
                "description_en": "<p>Black elderberry extract with vitamin C and zinc in a pectin gummy. No gelatin.</p>",
                "description_zh_hans": "<p>黑接骨木莓提取物搭配维生素C和锌，果胶软糖，不含明胶。</p>",
                "tags": "elderberry, gummies, 接骨木莓, 软糖, 维生素C, 保健品",
                "category": "supplements",
                "hs_code": "21069090",
                "tax_category": "supplement",
                "variants": [V("", "GLN-ELD-60", "19.99", 220, 80)],
            },
            {
                "handle": "vitamin-d3-k2",
                "title_en": "Vitamin D3 + K2, 90 Capsules",
                "title_zh_hans": "维生素D3+K2胶囊 90粒",
                "description_en": "<p>5,000 IU vitamin D3 with 100 mcg K2 (MK-7) per capsule, in olive oil.</p>",
                "description_zh_hans": "<p>每粒含维生素D3 5000国际单位和维生素K2（MK-7）100微克，以橄榄油为基底。</p>",
                "tags": "vitamin d, vitamin k2, 维生素D3, 维生素, 保健品",
                "category": "supplements",
                "hs_code": "21069090",
                "tax_category": "supplement",
                "variants": [V("", "GLN-D3K2-90", "17.99", 120, 90)],
            },
            {
                "handle": "american-ginseng-capsules",
                "title_en": "American Ginseng Root Capsules, 500 mg, 90 Count",
                "title_zh_hans": "花旗参胶囊 500毫克 90粒",
                "description_en": "<p>Ground Wisconsin American ginseng root in vegetable capsules.</p>",
                "description_zh_hans": "<p>威斯康星花旗参根研磨成粉，装入植物胶囊。</p>",
                "tags": "ginseng capsules, 花旗参胶囊, 西洋参, 保健品",
                "category": "supplements",
                "hs_code": "21069090",
                "tax_category": "supplement",
                "variants": [V("", "GLN-GIN-90", "29.99", 130, 50)],
            },
            {
                "handle": "kids-dha-fish-oil-chewables",
                "title_en": "Kids' DHA Fish Oil Chewables, Orange, 60 Count",
                "title_zh_hans": "儿童DHA鱼油咀嚼软胶囊 香橙味 60粒",
                "description_en": "<p>Small, orange-flavoured chewable softgels with DHA for children aged 3 and up.</p>",
                "description_zh_hans": "<p>香橙味小颗咀嚼软胶囊，富含DHA，适合3岁以上儿童。</p>",
                "tags": "kids dha, fish oil, 儿童鱼油, DHA, 保健品",
                "category": "supplements",
                "hs_code": "21069090",
                "tax_category": "supplement",
                "variants": [V("", "GLN-KDHA-60", "21.99", 150, 0)],
            },
        ],
    },
    # ------------------------------------------------------------------ IA services
    {
        "slug": "driftless-farm-school",
        "name": "Driftless Farm School",
        "state": "IA",
        "legal_name": "Driftless Farm School LLC",
        "ein": "42-1794352",
        "address_line1": "2910 Pole Line Rd",
        "city": "Decorah",
        "zip_code": "52101",
        "contact_name": "Hannah Olson",
        "contact_phone": "(563) 555-0108",
        "kind": "services",
        "story": (
            "Driftless Farm School runs farm visits and hands-on classes on a working 160-acre farm in the "
            "bluff country of northeast Iowa, and live online classes for families abroad who want to see "
            "where American food comes from. Our teachers are farmers first, and every class ends with "
            "something to cook or taste."
        ),
        "story_zh_hans": (
            "无碛区农场学校位于爱荷华州东北部的峡谷丘陵地带，在一座160英亩、仍在正常运营的农场里开展农场参观和动手体验课；"
            "我们也为海外家庭开设在线直播课，带孩子看看美国的食物从哪里来。我们的老师首先是农民，每节课最后都会一起做点什么、尝点什么。"
        ),
        "products": [
            {
                "handle": "family-farm-day-visit",
                "title_en": "Family Farm Day Visit (up to 4 People)",
                "title_zh_hans": "爱荷华家庭农场一日游（最多4人） 喂小动物 摘蔬菜",
                "description_en": (
                    "<p>A full day on the farm: feed the goats and chickens, pick vegetables, press apple "
                    "cider in autumn and share a farm lunch. We confirm the date by e-mail.</p>"
                ),
                "description_zh_hans": (
                    "<p>在农场度过完整的一天：喂山羊和小鸡、采摘蔬菜，秋季还可以体验压榨苹果汁，中午一起吃农家午餐。具体日期通过邮件确认。</p>"
                ),
                "tags": "farm visit, family, 农场体验, 亲子游, 爱荷华, 研学",
                "category": "farm-experiences",
                "kind": "service",
                "tax_category": "general",
                "option1_name": "Season",
                "variants": [
                    V("Summer", "DFS-VISIT-SUM", "180.00", 0, 12),
                    V("Autumn", "DFS-VISIT-AUT", "180.00", 0, 10),
                ],
            },
            {
                "handle": "online-class-wild-rice-maple",
                "title_en": "Live Online Class: Cooking with Wild Rice and Maple",
                "title_zh_hans": "在线直播课：用野米和枫糖浆做美式家常菜",
                "description_en": "<p>A 90-minute live class from our farm kitchen: wild rice salad, maple-glazed carrots and a simple soup.</p>",
                "description_zh_hans": "<p>90分钟农场厨房直播课：野米沙拉、枫糖胡萝卜和一道简单的浓汤。</p>",
                "tags": "online class, cooking class, 在线课程, 烹饪课, 野米, 枫糖浆",
                "category": "classes",
                "kind": "service",
                "tax_category": "general",
                "variants": [V("", "DFS-CLS-RICE", "35.00", 0, 40)],
            },
            {
                "handle": "online-class-fresh-cheese",
                "title_en": "Live Online Class: Make Fresh Cheese at Home",
                "title_zh_hans": "在线直播课：在家自制新鲜奶酪（中文字幕）",
                "description_en": "<p>Make ricotta and paneer with milk, lemon and a thermometer. Recording with Chinese subtitles included.</p>",
                "description_zh_hans": "<p>只需牛奶、柠檬和一支温度计，学做里科塔奶酪和印度奶豆腐。附带中文字幕课程回放。</p>",
                "tags": "online class, cheese making, 在线课程, 自制奶酪, 奶酪",
                "category": "classes",
                "kind": "service",
                "tax_category": "general",
                "variants": [V("", "DFS-CLS-CHEESE", "45.00", 0, 30)],
            },
            {
                "handle": "virtual-farm-tour-kids",
                "title_en": "Virtual Farm Tour for Kids (45 Minutes)",
                "title_zh_hans": "儿童线上农场参观 45分钟 英语启蒙",
                "description_en": "<p>A live video walk through the barn, the hen house and the fields, with time for questions.</p>",
                "description_zh_hans": "<p>实时视频带孩子参观谷仓、鸡舍和田地，最后留出时间回答孩子的问题。</p>",
                "tags": "virtual tour, kids, 线上参观, 儿童, 英语启蒙, 农场",
                "category": "farm-experiences",
                "kind": "service",
                "tax_category": "general",
                "option1_name": "Language",
                "variants": [
                    V("English", "DFS-TOUR-EN", "25.00", 0, 50),
                    V("English + Chinese interpreter", "DFS-TOUR-ZH", "40.00", 0, 20),
                ],
            },
            {
                "handle": "wisconsin-ginseng-harvest-tour",
                "title_en": "Ginseng Harvest Tour in Wisconsin (September)",
                "title_zh_hans": "威斯康星花旗参采收体验之旅（九月）",
                "description_en": "<p>A guided day at a partner ginseng farm near Wausau during the harvest. Dates are being finalized.</p>",
                "description_zh_hans": "<p>九月采收季，在沃索附近的合作参场参观一天，亲手体验挖参。日期确定中。</p>",
                "tags": "ginseng tour, 花旗参, 采收体验, 旅游",
                "category": "farm-experiences",
                "kind": "service",
                "status": "draft",
                "tax_category": "general",
                "variants": [V("", "DFS-GINSENG-TOUR", "95.00", 0, 0)],
            },
        ],
    },
    # ------------------------------------------------------------------ MO winery
    {
        "slug": "hermann-bluffs-winery",
        "name": "Hermann Bluffs Winery",
        "state": "MO",
        "legal_name": "Hermann Bluffs Winery LLC",
        "ein": "43-2109876",
        "address_line1": "4210 Frene Creek Rd",
        "city": "Hermann",
        "zip_code": "65041",
        "contact_name": "Greta Stoltz",
        "contact_phone": "(573) 555-0185",
        "kind": "food_maker",
        "story": (
            "German immigrants planted vines on the bluffs above the Missouri River at Hermann in the 1840s. "
            "We grow Norton, a native American grape and Missouri's state grape, along with Chambourcin and "
            "Vignoles, and make every wine on the estate."
        ),
        "story_zh_hans": (
            "19世纪40年代，德国移民在赫尔曼的密苏里河畔山崖上种下了葡萄藤。我们种植诺顿——原生美洲葡萄品种，"
            "也是密苏里州的州葡萄——以及香宝馨和维尼奥勒，每一款酒都在酒庄内酿造。"
        ),
        "products": [
            {
                "handle": "estate-norton-dry-red",
                "title_en": "Estate Norton Dry Red Wine, 750 ml",
                "title_zh_hans": "密苏里诺顿干红葡萄酒 750毫升 酒庄自酿",
                "description_en": (
                    "<p>Deep purple, with dark cherry, plum and spice; aged 18 months in oak. 13.5% ABV.</p>"
                    "<ul><li>For buyers of legal drinking age only</li></ul>"
                ),
                "description_zh_hans": (
                    "<p>深紫色酒体，黑樱桃、李子和香料风味，橡木桶陈酿18个月。酒精度13.5%。</p>"
                    "<ul><li>仅售予达到法定饮酒年龄的买家</li></ul>"
                ),
                "tags": "norton, red wine, 红酒, 干红, 葡萄酒, 密苏里",
                "category": "wine",
                "hs_code": "22042100",
                "tax_category": "alcohol",
                "variants": [V("", "HBW-NOR-750", "28.00", 1300, 48)],
            },
            {
                "handle": "chambourcin-red",
                "title_en": "Chambourcin Red Wine, 750 ml",
                "title_zh_hans": "香宝馨红葡萄酒 750毫升",
                "description_en": "<p>A medium-bodied red with raspberry and black pepper; lovely slightly chilled.</p>",
                "description_zh_hans": "<p>中等酒体，覆盆子与黑胡椒风味，稍加冰镇更好喝。</p>",
                "tags": "chambourcin, red wine, 红酒, 葡萄酒",
                "category": "wine",
                "hs_code": "22042100",
                "tax_category": "alcohol",
                "variants": [V("", "HBW-CHAM-750", "24.00", 1300, 36)],
            },
            {
                "handle": "vignoles-semi-sweet-white",
                "title_en": "Vignoles Semi-Sweet White Wine, 750 ml",
                "title_zh_hans": "维尼奥勒半甜白葡萄酒 750毫升",
                "description_en": "<p>Pineapple, apricot and honey, balanced by bright acidity.</p>",
                "description_zh_hans": "<p>菠萝、杏子和蜂蜜的香气，酸度清爽，甜而不腻。</p>",
                "tags": "vignoles, white wine, 白葡萄酒, 半甜, 葡萄酒",
                "category": "wine",
                "hs_code": "22042100",
                "tax_category": "alcohol",
                "variants": [V("", "HBW-VIG-750", "22.00", 1300, 0)],
            },
            {
                "handle": "norton-port-style-dessert-wine",
                "title_en": "Norton Port-Style Dessert Wine, 375 ml",
                "title_zh_hans": "诺顿波特风格甜酒 375毫升",
                "description_en": "<p>Fortified Norton aged three years: chocolate, fig and dried cherry. 18% ABV.</p>",
                "description_zh_hans": "<p>加强型诺顿甜酒，陈酿三年，带有巧克力、无花果和樱桃干风味。酒精度18%。</p>",
                "tags": "port, dessert wine, 甜酒, 波特酒, 葡萄酒",
                "category": "wine",
                "hs_code": "22042100",
                "tax_category": "alcohol",
                "variants": [V("", "HBW-PORT-375", "26.00", 800, 18)],
            },
            {
                "handle": "missouri-wine-gift-pair",
                "title_en": "Missouri Wine Gift Pair (Norton + Vignoles)",
                "title_zh_hans": "密苏里葡萄酒双支礼盒 诺顿干红+维尼奥勒白",
                "description_en": "<p>One bottle each of Estate Norton and Vignoles in a wooden box.</p>",
                "description_zh_hans": "<p>诺顿干红与维尼奥勒半甜白各一瓶，木盒包装。</p>",
                "tags": "wine gift, 红酒礼盒, 葡萄酒, 送礼",
                "category": "wine",
                "hs_code": "22042100",
                "tax_category": "alcohol",
                "variants": [V("", "HBW-GIFT-2", "48.00", 3000, 15, "50.00")],
            },
        ],
    },
]
