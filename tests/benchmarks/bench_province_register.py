"""Province scale: searching the register of 500,000 counterparts as staff.

Scale: a province's register (管理和服务对象): 500,000 counterparts (res.partner,
``is_fazhi_counterpart``) spread over 1,000 units (a province, its 18 cities
and 981 districts). Names are built as real registers read: natural persons
(张秀英), enterprises and private enterprises (平顶山市仁和医药有限公司),
medical institutions (新华区张伟口腔诊所), public places (卫东区鸿运宾馆);
every counterpart but the natural persons has an 18-character unified social
credit code with its GB 32100 check character, and a phone. Units are created
with the ORM, counterparts and their units with SQL ``COPY``.

The data is built once and committed in the database given (use a database of
its own: about 450 MB with the indexes); later runs find it and measure only.
``--drop-data`` removes it (run ``VACUUM`` afterwards).

Measures, as a staff user of one district (record rules applied), with the
counterpart action's domain, through what the web client calls: the list's
``web_search_read`` (the list view's columns, 80 rows, ``count_limit`` 10,001)
and the many2one dropdown's ``name_search`` (8 rows), each beside its anchor
(interleaved, best of N):

1. Search by a name fragment of 3 characters (a person's name, a trade name),
   of 2 characters, by a full credit code, by a fragment of a credit code.
   Anchor: the same call without the register's indexes (trigram, and
   character pairs for 2 characters; dropped inside a savepoint, then
   restored). Goal: < 200 ms.
2. The list's first page, without a search and with the "My units" filter.
   Anchor: the same page by plain SQL. Goal: < 500 ms.

The character-pair index always exists; the trigram index exists when the database has ``pg_trgm`` and no
non-immutable ``unaccent`` (see the README's PostgreSQL section); the script
says which index it found.

    .venv/bin/python tests/benchmarks/bench_province_register.py -c .fazhi/odoo-test.conf -d DB
"""

import io
import random
import time

import benchlib

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

UNITS = 1_000
CITIES = [
    "郑州市",
    "开封市",
    "洛阳市",
    "平顶山市",
    "安阳市",
    "鹤壁市",
    "新乡市",
    "焦作市",
    "濮阳市",
    "许昌市",
    "漯河市",
    "三门峡市",
    "南阳市",
    "商丘市",
    "信阳市",
    "周口市",
    "驻马店市",
    "济源市",
]
DISTRICTS = [
    "新华区",
    "卫东区",
    "湛河区",
    "石龙区",
    "中原区",
    "二七区",
    "金水区",
    "惠济区",
    "宝丰县",
    "叶县",
    "鲁山县",
    "郏县",
    "舞钢市",
    "汝州市",
    "龙亭区",
    "顺河区",
    "西工区",
    "老城区",
    "涧西区",
    "文峰区",
    "北关区",
    "红旗区",
    "卫滨区",
    "解放区",
    "山阳区",
    "华龙区",
    "魏都区",
    "源汇区",
    "湖滨区",
    "宛城区",
    "卧龙区",
    "梁园区",
    "睢阳区",
    "浉河区",
    "平桥区",
    "川汇区",
    "驿城区",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红建文辉新利春梅林国荣志斌亮宇鹏飞"
    "俊峰海燕雪波晨欣怡佳慧琳颖婷子涵浩然宏伟振东晓庆凤云龙翠"
)
TRADE = (
    "仁和康泰安顺鸿运金鼎华夏恒达宏图瑞丰聚福德信永盛天成嘉禾博远鑫源济民同心益寿百草惠民祥瑞兴隆"
)
ENTERPRISE_TRADES = [
    "医药有限公司",
    "大药房有限公司",
    "医疗器械有限公司",
    "消毒用品有限公司",
    "食品有限公司",
    "供水有限公司",
    "生物科技有限公司",
    "健康管理有限公司",
]
MEDICAL = ["诊所", "口腔诊所", "中医诊所", "医院", "卫生院", "门诊部", "社区卫生服务站", "卫生室"]
PLACES = ["宾馆", "大酒店", "浴池", "美发店", "游泳馆", "足浴店", "网吧", "商务酒店"]
TYPES = [
    ("natural", 20),
    ("enterprise", 20),
    ("private_enterprise", 20),
    ("medical", 22),
    ("public_place", 13),
    ("other", 5),
]
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CODE = "REG"
BIGRAM_INDEX = "res_partner_fazhi_search_bigram_idx"
COUNT_LIMIT = 10_001


def credit_code(rng, city_index):
    """An 18-character unified social credit code with its check character."""
    body = (
        rng.choice("9915")  # registering authority: mostly 工商 (9), some 机关 (1), 社会组织 (5)
        + rng.choice("123")
        + f"41{city_index + 1:02d}{rng.randrange(100):02d}"  # Henan, city, district
        + "".join(rng.choice(CODE_CHARS) for _ in range(9))
    )
    total = sum(
        CODE_CHARS.index(char) * weight for char, weight in zip(body, CODE_WEIGHTS, strict=True)
    )
    return body + CODE_CHARS[(31 - total % 31) % 31]


def person(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def trade(rng):
    return "".join(rng.sample(TRADE, 2))


def counterpart_name(rng, kind, city, district):
    if kind == "natural":
        return person(rng)
    if kind in ("enterprise", "private_enterprise"):
        place = city if rng.random() < 0.6 else city + district
        return place + trade(rng) + rng.choice(ENTERPRISE_TRADES)
    if kind == "medical":
        owner = person(rng) if rng.random() < 0.5 else trade(rng)
        return district + owner + rng.choice(MEDICAL)
    if kind == "public_place":
        return district + trade(rng) + rng.choice(PLACES)
    return city + district + trade(rng) + rng.choice(["协会", "合作社", "养老院", "幼儿园"])


def phone(rng):
    if rng.random() < 0.8:
        return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
    return f"0375-{rng.randrange(2_000_000, 9_999_999)}"


def goal_line(label, figure, anchor_label, anchor, limit, rows=None):
    ratio = anchor / figure if figure else float("inf")
    found = f" [{rows}]" if rows is not None else ""
    print(
        f"  {label + found:<46} {figure * 1000:7.1f} ms | {anchor_label}: {anchor * 1000:7.1f} ms"
        f" | {ratio:5.1f}x | goal < {limit * 1000:.0f} ms: {'met' if figure < limit else 'NOT met'}"
    )


class Register:
    def __init__(self, env, count):
        self.env = env
        self.cr = env.cr
        self.count = count

    def units(self):
        return self.env["fazhi.unit"].search([("code", "=like", f"{CODE}-%")], order="id")

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def build(self):
        env, cr = self.env, self.cr
        start = time.perf_counter()
        Unit = env["fazhi.unit"].with_context(tracking_disable=True)
        province = Unit.create({"name": "省卫生健康委员会", "code": f"{CODE}-0"})
        cities = Unit.create(
            [
                {
                    "name": f"{city}卫生健康委员会",
                    "code": f"{CODE}-C{index}",
                    "parent_id": province.id,
                }
                for index, city in enumerate(CITIES)
            ]
        )
        districts = UNITS - 1 - len(CITIES)
        Unit.create(
            [
                {
                    "name": f"{CITIES[index % len(CITIES)]}{DISTRICTS[index // len(CITIES) % len(DISTRICTS)]}"
                    f"卫生健康局{index // (len(CITIES) * len(DISTRICTS)) or ''}",
                    "code": f"{CODE}-D{index}",
                    "parent_id": cities[index % len(CITIES)].id,
                }
                for index in range(districts)
            ]
        )
        units = self.units()
        print(f"  {len(units):,} units")
        rng = random.Random(14)
        kinds = [kind for kind, weight in TYPES for _ in range(weight)]
        cr.execute("SELECT nextval('res_partner_id_seq')")
        first = cr.fetchone()[0] + 1
        cr.execute("SELECT setval('res_partner_id_seq', %s)", [first + self.count])
        partners, links = io.StringIO(), io.StringIO()
        codes = set()
        for offset in range(self.count):
            pid = first + offset
            unit_index = offset % UNITS
            city_index = unit_index % len(CITIES)
            city = CITIES[city_index]
            district = DISTRICTS[unit_index // len(CITIES) % len(DISTRICTS)]
            kind = rng.choice(kinds)
            name = counterpart_name(rng, kind, city, district)
            code = r"\N"
            if kind != "natural":
                code = credit_code(rng, city_index)
                while code in codes:
                    code = credit_code(rng, city_index)
                codes.add(code)
            number = phone(rng)
            mobile, fixed = (number, r"\N") if number.startswith("1") else (r"\N", number)
            partners.write(
                f"{pid}\t{name}\t{name}\t{kind != 'natural'}\t{kind}\t{code}\t{fixed}\t{mobile}\t{pid}\n"
            )
            links.write(f"{pid}\t{units[unit_index].id}\n")
        partners.seek(0)
        links.seek(0)
        cr.execute(
            "CREATE TEMP TABLE reg_partner (id int, name varchar, complete_name varchar, "
            "is_company bool, kind varchar, code varchar, phone varchar, mobile varchar, "
            "commercial int) ON COMMIT DROP"
        )
        cr._obj.copy_from(partners, "reg_partner")
        cr.execute(
            """
            INSERT INTO res_partner (id, name, complete_name, active, type, is_company,
                                     is_fazhi_counterpart, fazhi_counterpart_type,
                                     fazhi_credit_code, phone, mobile, commercial_partner_id,
                                     partner_share, lang, create_uid, create_date, write_uid,
                                     write_date)
            SELECT id, name, complete_name, TRUE, 'contact', is_company, TRUE, kind, code,
                   phone, mobile, commercial, TRUE, 'zh_CN', 1, now(), 1, now()
              FROM reg_partner
            """
        )
        print(f"  {cr.rowcount:,} counterparts ({time.perf_counter() - start:.0f} s)")
        cr._obj.copy_from(links, "fazhi_unit_res_partner_rel", columns=("partner_id", "unit_id"))
        cr.commit()
        for table in ("res_partner", "fazhi_unit_res_partner_rel"):
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
        cr.commit()
        print(f"Data built in {time.perf_counter() - start:.0f} s")

    def drop(self):
        units = self.units()
        if not units:
            return
        cr = self.cr
        cr.execute(
            "DELETE FROM res_partner WHERE id IN (SELECT partner_id FROM "
            "fazhi_unit_res_partner_rel WHERE unit_id = ANY(%s))",
            [units.ids],
        )
        cr.execute("DELETE FROM fazhi_unit WHERE id = ANY(%s)", [units.ids])
        cr.commit()

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------
    def staff(self, unit):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        user = Users.search([("login", "=", "reg_staff")])
        if not user:
            user = Users.create(
                {
                    "name": "reg_staff",
                    "login": "reg_staff",
                    "lang": "zh_CN",
                    "groups_id": [Command.set([self.env.ref("fazhi_base.group_fazhi_staff").id])],
                }
            )
        unit.member_ids = [Command.link(user.id)]
        self.env.flush_all()
        return user

    def index_name(self):
        name = self.env["res.partner"]._fazhi_search_index_name()
        self.cr.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [name])
        return name if name and self.cr.rowcount else None

    def measure(self, repeat):
        units = self.units()
        unit = units.filtered(lambda u: u.code == f"{CODE}-D3")
        staff = self.staff(unit)
        index = self.index_name()
        cr = self.cr
        print(f"Trigram index: {index or 'NONE (pg_trgm missing or unaccent not immutable)'}")
        indexes = [name for name in (index, BIGRAM_INDEX) if name]
        cr.execute(
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indcheckxmin "
            "AND indexrelid::regclass::text = ANY(%s)",
            [indexes],
        )
        for (name,) in cr.fetchall():
            print(f"  WARNING: {name} may be ignored (indcheckxmin; REINDEX it when idle)")
        cr.execute(
            "SELECT count(*) FROM res_partner WHERE is_fazhi_counterpart AND active",
        )
        print(f"Counterparts: {cr.fetchone()[0]:,}; the staff user's unit: {unit.name}")
        Partner = self.env["res.partner"].with_user(staff).with_context(lang="zh_CN")
        spec = {
            "complete_name": {},
            "fazhi_counterpart_type": {},
            "fazhi_credit_code": {},
            "phone": {},
            "mobile": {},
            "fazhi_unit_ids": {"fields": {"display_name": {}}},
            "active": {},
        }
        action = [("is_fazhi_counterpart", "=", True)]
        # the search view's filters: "Name" and "My units"
        my_units = [("fazhi_my_units", "=", True)]

        def web_search_read(domain):
            def run():
                Partner.invalidate_model()
                result = Partner.web_search_read(
                    action + domain, spec, limit=80, count_limit=COUNT_LIMIT
                )
                return result["length"]

            return run

        def name_search(text):
            def run():
                Partner.invalidate_model()
                return len(Partner.name_search(text, action, limit=8))

            return run

        def without_index(func):
            def run():
                cr.execute("SAVEPOINT no_index")
                for name in indexes:
                    cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
                try:
                    return func()
                finally:
                    cr.execute("ROLLBACK TO SAVEPOINT no_index")

            return run

        samples = self.samples(unit)
        print("Searches (web_search_read of the list, 80 rows and the count; name_search, 8):")
        for label, func in [
            (f"list, name 3 chars {samples['name3']!r}", web_search_read([("fazhi_name_search", "ilike", samples["name3"])])),
            (f"list, trade name {samples['trade3']!r}", web_search_read([("fazhi_name_search", "ilike", samples["trade3"])])),
            (f"list, name 2 chars {samples['name2']!r}", web_search_read([("fazhi_name_search", "ilike", samples["name2"])])),
            (f"list, name 2 chars {samples['common2']!r}", web_search_read([("fazhi_name_search", "ilike", samples["common2"])])),
            ("list, full credit code", web_search_read([("fazhi_credit_code", "ilike", samples["code"])])),
            (f"list, credit code fragment {samples['code_part']!r}", web_search_read([("fazhi_credit_code", "ilike", samples["code_part"])])),
            (f"list, phone fragment {samples['phone']!r}", web_search_read(["|", ("phone", "ilike", samples["phone"]), ("mobile", "ilike", samples["phone"])])),
            (f"name_search {samples['name3']!r}", name_search(samples["name3"])),
            (f"name_search {samples['name2']!r}", name_search(samples["name2"])),
            ("name_search full credit code", name_search(samples["code"])),
        ]:  # fmt: skip
            rows = func()
            (figure, __), (anchor, __) = benchlib.timed([func, without_index(func)], repeat)
            goal_line(label, figure, "without the index", anchor, 0.2, rows)
        exact = [("fazhi_credit_code", "=", samples["code"])]
        (figure, __), (anchor, __) = benchlib.timed(
            [web_search_read(exact), without_index(web_search_read(exact))], repeat
        )
        goal_line(
            "list, credit code = (btree)", figure, "without the trigram index", anchor, 0.2, 1
        )

        def page_sql(mine):
            def run():
                cr.execute(
                    SQL(
                        """
                        SELECT p.id, p.complete_name, p.fazhi_counterpart_type,
                               p.fazhi_credit_code, p.phone, p.mobile
                          FROM res_partner p
                         WHERE p.is_fazhi_counterpart AND p.active %s
                         ORDER BY p.complete_name, p.id DESC LIMIT 80
                        """,
                        SQL(
                            "AND p.id IN (SELECT partner_id FROM fazhi_unit_res_partner_rel "
                            "WHERE unit_id = %s)",
                            unit.id,
                        )
                        if mine
                        else SQL(),
                    )
                )
                cr.fetchall()
                cr.execute(
                    SQL(
                        "SELECT count(*) FROM (SELECT 1 FROM res_partner p WHERE "
                        "p.is_fazhi_counterpart AND p.active %s LIMIT %s) t",
                        SQL(
                            "AND p.id IN (SELECT partner_id FROM fazhi_unit_res_partner_rel "
                            "WHERE unit_id = %s)",
                            unit.id,
                        )
                        if mine
                        else SQL(),
                        COUNT_LIMIT,
                    )
                )
                return cr.fetchone()[0]

            return run

        print("The list's first page (80 rows and the count, up to 10,001):")
        for label, func, anchor_func in [
            ("all counterparts", web_search_read([]), page_sql(False)),
            ('"My units" filter', web_search_read(my_units), page_sql(True)),
        ]:
            rows = func()
            (figure, __), (anchor, __) = benchlib.timed([func, anchor_func], repeat)
            goal_line(label, figure, "plain SQL", anchor, 0.5, rows)

    def samples(self, unit):
        """Search terms taken from the data: rare and common fragments, a code, a phone."""
        cr = self.cr
        cr.execute(
            "SELECT p.complete_name, p.fazhi_credit_code, p.mobile FROM res_partner p "
            "JOIN fazhi_unit_res_partner_rel r ON r.partner_id = p.id AND r.unit_id = %s "
            "WHERE p.fazhi_counterpart_type = 'natural' AND char_length(p.complete_name) = 3 "
            "ORDER BY p.id LIMIT 1",
            [unit.id],
        )
        name3 = cr.fetchone()[0]
        cr.execute(
            "SELECT p.fazhi_credit_code, p.mobile FROM res_partner p "
            "JOIN fazhi_unit_res_partner_rel r ON r.partner_id = p.id AND r.unit_id = %s "
            "WHERE p.fazhi_credit_code IS NOT NULL AND p.mobile IS NOT NULL ORDER BY p.id LIMIT 1",
            [unit.id],
        )
        code, mobile = cr.fetchone()
        return {
            "name3": name3,
            "trade3": "鸿运宾",
            "name2": name3[:2],
            "common2": "诊所",
            "code": code,
            "code_part": code[8:14],
            "phone": mobile[-7:],
        }


def main():
    parser = benchlib.parser(__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--count", type=int, default=500_000)
    parser.add_argument("--drop-data", action="store_true")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        register = Register(env, args.count)
        if args.drop_data:
            register.drop()
            print("Register data removed.")
            return
        if not register.units():
            print(
                f"Building a province's register of {args.count:,} counterparts (once; committed):"
            )
            register.build()
        register.measure(args.repeat)
        cr.rollback()


if __name__ == "__main__":
    main()
