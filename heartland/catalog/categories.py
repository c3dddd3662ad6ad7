"""The category tree seeded for what Midwest businesses sell: (slug, English, 简体中文, children)."""

CATEGORY_TREE = [
    ("meat-jerky", "Meat and jerky", "肉类与肉干", [
        ("beef-jerky", "Beef jerky", "牛肉干"),
        ("meat-snacks", "Meat sticks and snacks", "肉类零食"),
    ]),
    ("ginseng-herbs", "Ginseng and herbs", "人参与草本", [
        ("american-ginseng", "American ginseng", "花旗参（西洋参）"),
        ("herbs-teas", "Herbs and herbal teas", "草本与花草茶"),
    ]),
    ("dried-fruit-nuts", "Dried fruit and nuts", "果干与坚果", [
        ("dried-fruit", "Dried fruit", "果干"),
        ("nuts", "Nuts", "坚果"),
    ]),
    ("grains-rice", "Grains and rice", "谷物与米", [
        ("wild-rice", "Wild rice", "菰米（野米）"),
        ("popcorn", "Popcorn", "爆米花玉米"),
        ("flour-grains", "Flour and grains", "面粉与谷物"),
    ]),
    ("honey-syrups", "Honey and syrups", "蜂蜜与糖浆", [
        ("honey", "Honey", "蜂蜜"),
        ("maple-syrup", "Maple syrup", "枫糖浆"),
    ]),
    ("dairy", "Dairy", "乳制品", [
        ("cheese", "Cheese", "奶酪"),
    ]),
    ("beverages", "Beverages", "饮品", [
        ("wine", "Wine", "葡萄酒"),
        ("spirits", "Spirits", "烈酒"),
        ("coffee-tea", "Coffee and tea", "咖啡与茶"),
    ]),
    ("supplements", "Supplements", "保健品", []),
    ("beauty", "Beauty and skin care", "美妆护肤", []),
    ("crafts", "Crafts", "手工艺品", [
        ("candles", "Candles", "蜡烛"),
        ("home-textiles", "Quilts and textiles", "被子与纺织品"),
        ("woodwork", "Woodwork", "木制品"),
        ("jewelry", "Jewelry", "首饰"),
    ]),
    ("services", "Services", "服务", [
        ("farm-experiences", "Farm visits and experiences", "农场参观与体验"),
        ("classes", "Online classes", "在线课程"),
    ]),
]
