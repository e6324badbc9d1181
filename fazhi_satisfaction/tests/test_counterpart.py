import ast

from odoo.addons.fazhi_base.tools.validators import (
    credit_code_check_digit,
    credit_code_error,
    is_mainland_phone,
    normalize_credit_code,
)
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

# Published codes, commonly cited as valid (check digit verified).
PUBLISHED_CODES = [
    "91350100M000100Y43",
    "91110000600037341L",
    "9144030071526726XG",
    "91440300708461136T",
    "91110108551385082Q",
    "91110000802100433B",
]
# Made-up codes with a computed check digit (not those of the demo data).
CODE_A = "91410411MA47T2K3LP"
CODE_B = "91410421MA45R8P9QY"
CODE_C = "12410425MB1234567G"

IMPORT_FIELDS = [
    "name",
    "is_fazhi_counterpart",
    "fazhi_counterpart_type",
    "fazhi_credit_code",
    "phone",
    "fazhi_unit_ids",
]


@tagged("post_install", "-at_install")
class TestCounterpart(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Unit = cls.env["fazhi.unit"]
        cls.commission = Unit.create({"name": "测试卫健委", "code": "T-SAT-WJW"})
        cls.approval = Unit.create(
            {"name": "测试审批办", "code": "T-SAT-SPB", "parent_id": cls.commission.id}
        )
        cls.supervision = Unit.create(
            {"name": "测试监督所", "code": "T-SAT-JDS", "parent_id": cls.commission.id}
        )
        cls.staff = new_test_user(cls.env, "sat_staff", groups="fazhi_base.group_fazhi_staff")
        cls.staff2 = new_test_user(cls.env, "sat_staff2", groups="fazhi_base.group_fazhi_staff")
        cls.manager = new_test_user(
            cls.env, "sat_manager", groups="fazhi_base.group_fazhi_unit_manager"
        )
        cls.office = new_test_user(cls.env, "sat_office", groups="fazhi_base.group_fazhi_office")
        cls.leader = new_test_user(
            cls.env,
            "sat_leader",
            groups="fazhi_base.group_fazhi_leader,base.group_partner_manager",
        )
        cls.approval.member_ids = cls.staff
        cls.supervision.member_ids = cls.staff2
        cls.commission.manager_id = cls.manager
        cls.Partner = cls.env["res.partner"]

    def _counterpart(self, name, code=False, units=None, **vals):
        return self.Partner.create(
            {
                "name": name,
                "is_fazhi_counterpart": True,
                "fazhi_counterpart_type": vals.pop("ctype", "enterprise"),
                "fazhi_credit_code": code,
                "fazhi_unit_ids": [(6, 0, (units or self.approval).ids)],
                **vals,
            }
        )

    # ------------------------------------------------------------------
    # Unified social credit code
    # ------------------------------------------------------------------
    def test_credit_code_algorithm(self):
        for code in [*PUBLISHED_CODES, CODE_A, CODE_B, CODE_C]:
            self.assertIsNone(credit_code_error(code), code)
            self.assertEqual(credit_code_check_digit(code[:17]), code[17], code)
        # the M of 91350100M000100Y43 is worth 21 (K=19, L=20, M=21, N=22): a
        # value table with M and N swapped would want the check digit E
        self.assertEqual(credit_code_check_digit("91350100M000100Y4"), "3")
        # a sum that is a multiple of 31 gives 0, not 31
        self.assertEqual(credit_code_check_digit("00000000000000000"), "0")
        self.assertEqual(credit_code_error("91350100M000100Y4"), "length")
        self.assertEqual(credit_code_error("91350100M000100Y433"), "length")
        self.assertEqual(credit_code_error("91350100I000100Y43"), "character")
        self.assertEqual(credit_code_error("91350100M000100Y44"), "check_digit")
        for letter in "IOZSV":
            self.assertEqual(credit_code_error(f"91350100{letter}000100Y43"), "character")

    def test_credit_code_normalised(self):
        self.assertEqual(normalize_credit_code(" 9135 0100m000100y43\t"), "91350100M000100Y43")
        # full-width characters typed with a Chinese input method
        self.assertEqual(
            normalize_credit_code("９１３５０１００Ｍ０００１００Ｙ４３"), PUBLISHED_CODES[0]
        )
        self.assertFalse(normalize_credit_code("   "))
        partner = self._counterpart("规范化公司", " 91350100m000100y43 ")
        self.assertEqual(partner.fazhi_credit_code, "91350100M000100Y43")
        partner.write({"fazhi_credit_code": "9111 0000 6000 3734 1l"})
        self.assertEqual(partner.fazhi_credit_code, "91110000600037341L")
        partner.write({"fazhi_credit_code": " "})
        self.assertFalse(partner.fazhi_credit_code)
        # found by its code in many2one searches
        partner.fazhi_credit_code = CODE_A
        self.assertIn(partner.id, [r[0] for r in self.Partner.name_search(CODE_A)])

    def test_credit_code_refused(self):
        cases = [
            ("91350100M000100Y4", "must have 18 characters, not 17"),
            ("91350100M000100Y4322", "must have 18 characters, not 20"),
            ("91350100I000100Y43", r"contains invalid characters \(I\)"),
            ("9135010OM000100Y4S", r"contains invalid characters \(OS\)"),
            ("91350100M000100Y44", r"check digit \(18th character\) does not match"),
        ]
        for code, message in cases:
            with self.subTest(code=code):
                with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
                    self._counterpart("错误代码公司", code)
                self.assertFalse(self.Partner.search([("name", "=", "错误代码公司")]))
        partner = self._counterpart("正确代码公司", CODE_A)
        with (
            self.assertRaisesRegex(ValidationError, "正确代码公司 is wrong: its check digit"),
            self.env.cr.savepoint(),
        ):
            partner.fazhi_credit_code = CODE_A[:17] + "A"
        self.assertEqual(partner.fazhi_credit_code, CODE_A)

    def test_credit_code_unique_per_company(self):
        first = self._counterpart("第一公司", CODE_A)
        with self.assertRaisesRegex(
            ValidationError, f"{CODE_A} of 第二公司 is already used by 第一公司"
        ):
            self._counterpart("第二公司", CODE_A.lower())
        # an archived holder still holds its code
        first.action_archive()
        with self.assertRaisesRegex(ValidationError, "already used by 第一公司"):
            self._counterpart("第三公司", CODE_A)
        # ordinary partners are held to the same code
        with self.assertRaisesRegex(ValidationError, "already used by 第一公司"):
            self.Partner.create({"name": "普通联系人", "fazhi_credit_code": CODE_A})
        # two partners without company count as one company; another company is apart
        other_company = self.env["res.company"].create({"name": "另一公司主体"})
        first.company_id = self.env.company
        elsewhere = self._counterpart("异地公司", CODE_A, company_id=other_company.id)
        self.assertEqual(elsewhere.fazhi_credit_code, CODE_A)
        with self.assertRaisesRegex(ValidationError, "already used by 异地公司"):
            self._counterpart("又一异地公司", CODE_A, company_id=other_company.id)
        shared = self._counterpart("共享公司", CODE_B)
        with self.assertRaisesRegex(ValidationError, "already used by 共享公司"):
            self._counterpart("共享公司二", CODE_B)
        self.assertFalse(shared.company_id)
        # a batch with the same code twice is refused too
        with self.assertRaisesRegex(ValidationError, "already used by"):
            self.Partner.create(
                [
                    {"name": "批量一", "fazhi_credit_code": CODE_C},
                    {"name": "批量二", "fazhi_credit_code": CODE_C},
                ]
            )
        # copying a counterpart leaves the code behind
        copy = shared.copy()
        self.assertFalse(copy.fazhi_credit_code)

    # ------------------------------------------------------------------
    # Type, phone, defaults
    # ------------------------------------------------------------------
    def test_type_required_and_implied(self):
        with self.assertRaisesRegex(ValidationError, "The counterpart 无类型 needs a type"):
            self.Partner.create({"name": "无类型", "is_fazhi_counterpart": True})
        partner = self.Partner.create({"name": "有类型", "fazhi_counterpart_type": "medical"})
        self.assertTrue(partner.is_fazhi_counterpart)
        self.assertFalse(partner._fazhi_is_private_enterprise())
        partner.fazhi_counterpart_type = "private_enterprise"
        self.assertTrue(partner._fazhi_is_private_enterprise())
        # ordinary partners are not counterparts
        self.assertFalse(self.Partner.create({"name": "普通"}).is_fazhi_counterpart)

    def test_phone_numbers(self):
        valid = [
            "13837500101",
            "138 3750 0101",
            "+86 138-3750-0101",
            "0375-2663225",
            "(0375)2663225",
            "（0375）2663225",
            "03752663225",
            "010-62345678",
            "2663225",
            "0375-2663225-801",
            "400-123-4567",
        ]
        for number in valid:
            self.assertTrue(is_mainland_phone(number), number)
        invalid = ["12345", "abc", "1383750010", "138375001011", "23837500101", "0375-123", "电话"]
        for number in invalid:
            self.assertFalse(is_mainland_phone(number), number)
        partner = self._counterpart("电话公司", phone="0375-2663225", mobile="13837500101")
        with (
            self.assertRaisesRegex(
                ValidationError, "phone number 12345 of 电话公司 is not a valid"
            ),
            self.env.cr.savepoint(),
        ):
            partner.phone = "12345"
        with (
            self.assertRaisesRegex(ValidationError, "phone number abc of 电话公司"),
            self.env.cr.savepoint(),
        ):
            partner.mobile = "abc"
        self.assertEqual(partner.phone, "0375-2663225")
        # ordinary partners keep Odoo's free phone field
        other = self.Partner.create({"name": "Foreign contact", "phone": "+33 1 23 45 67 89"})
        self.assertEqual(other.phone, "+33 1 23 45 67 89")
        with self.assertRaisesRegex(ValidationError, "not a valid mainland China number"):
            other.write({"is_fazhi_counterpart": True, "fazhi_counterpart_type": "other"})

    def test_counterpart_form(self):
        """The counterpart action proposes the user's units; the type sets company/person."""
        action = self.env.ref("fazhi_satisfaction.res_partner_action_fazhi_counterpart")
        context = dict(ast.literal_eval(action.context), allowed_company_ids=[self.env.company.id])
        form_view = self.env.ref("fazhi_satisfaction.res_partner_view_form_fazhi_counterpart")
        with Form(
            self.Partner.with_user(self.staff).with_context(**context), view=form_view
        ) as form:
            self.assertEqual(len(form.fazhi_unit_ids), 1)
            self.assertEqual(form.fazhi_unit_ids[0], self.approval)
            form.name = "张三"
            form.fazhi_counterpart_type = "natural"
            self.assertFalse(form.is_company)
            form.fazhi_counterpart_type = "private_enterprise"
            self.assertTrue(form.is_company)
            form.fazhi_credit_code = CODE_A
            form.mobile = "13837500101"
        partner = form.record
        self.assertTrue(partner.is_fazhi_counterpart)
        self.assertEqual(partner.fazhi_unit_ids, self.approval)

    # ------------------------------------------------------------------
    # Units: the total of managed and served counterparts
    # ------------------------------------------------------------------
    def test_unit_counterpart_count(self):
        self.assertEqual(self.approval.counterpart_count, 0)
        both = self._counterpart("两单位共管", CODE_A, units=self.approval | self.supervision)
        self._counterpart("仅审批办", CODE_B)
        closed = self._counterpart("已注销", CODE_C)
        self.Partner.create({"name": "非相对人", "fazhi_unit_ids": [(6, 0, self.approval.ids)]})
        units = self.approval | self.supervision | self.commission
        units.invalidate_recordset(["counterpart_count"])
        self.assertEqual(units.mapped("counterpart_count"), [3, 1, 0])
        closed.action_archive()
        self.assertEqual(self.approval.counterpart_count, 2)
        both.fazhi_unit_ids = self.supervision
        self.assertEqual(self.approval.counterpart_count, 1)
        self.assertEqual(self.supervision.counterpart_count, 1)
        # the smart button opens them and proposes the unit for new ones
        action = self.approval.action_view_counterparts()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(self.Partner.search(action["domain"]).mapped("name"), ["仅审批办"])
        self.assertEqual(action["context"]["default_fazhi_unit_ids"], [self.approval.id])
        arch = self.env["fazhi.unit"].get_view(self.env.ref("fazhi_base.fazhi_unit_view_form").id)[
            "arch"
        ]
        self.assertIn('name="action_view_counterparts"', arch)
        self.assertIn('name="counterpart_count"', arch)

    # ------------------------------------------------------------------
    # Access: everybody reads partners, units change their own counterparts
    # ------------------------------------------------------------------
    def test_access(self):
        mine = self._counterpart("审批办的相对人", CODE_A)
        theirs = self._counterpart("监督所的相对人", CODE_B, units=self.supervision)
        ordinary = self.Partner.create({"name": "普通伙伴"})
        Partner = self.Partner.with_user(self.staff)
        # reading is not restricted: the counterpart menu filters, rules do not hide
        self.assertEqual(
            Partner.search([("id", "in", (mine | theirs | ordinary).ids)]), mine | theirs | ordinary
        )
        mine.with_user(self.staff).phone = "0375-2663225"
        ordinary.with_user(self.staff).phone = "0375-2663226"
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).phone = "0375-2663227"
        with self.assertRaises(AccessError):
            Partner.create(
                {
                    "name": "越权创建",
                    "fazhi_counterpart_type": "other",
                    "fazhi_unit_ids": [(6, 0, self.supervision.ids)],
                }
            )
        created = Partner.create(
            {
                "name": "本单位创建",
                "fazhi_counterpart_type": "other",
                "fazhi_unit_ids": [(6, 0, self.approval.ids)],
            }
        )
        with self.assertRaises(AccessError):
            created.with_user(self.staff).unlink()
        # unit managers change the counterparts of the units below theirs
        theirs.with_user(self.manager).phone = "0375-2663228"
        # the office changes and deletes everything
        theirs.with_user(self.office).phone = "0375-2663229"
        created.with_user(self.office).unlink()
        # the leader reads, and changes no counterpart even with contact rights
        self.assertEqual(theirs.with_user(self.leader).name, "监督所的相对人")
        with self.assertRaises(AccessError):
            theirs.with_user(self.leader).phone = "0375-2663230"
        ordinary.with_user(self.leader).phone = "0375-2663231"

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def test_import_load(self):
        """Odoo's importer reports each bad row and stores nothing."""
        self._counterpart("已有公司", CODE_B)
        rows = [
            [
                "甲公司",
                "1",
                "Private enterprise",
                "91350100M000100Y43",
                "0375-2663225",
                "测试审批办",
            ],
            ["乙公司", "1", "enterprise", "91350100M000100Y44", "", "T-SAT-JDS"],
            ["丙公司", "1", "enterprise", "91350100M000100Y43", "13800000000", ""],
            ["丁公司", "1", "medical", CODE_B, "", "测试审批办,测试监督所"],
            ["戊公司", "1", "medical", "91110000600037341L", "12345", ""],
        ]
        result = self.Partner.load(IMPORT_FIELDS, rows)
        self.assertIs(result["ids"], False)
        errors = {
            message["rows"]["from"]: message["message"]
            for message in reversed(result["messages"])
            if message["type"] == "error"
        }
        self.assertRegex(errors[1], "91350100M000100Y44 of 乙公司 is wrong: its check digit")
        self.assertRegex(errors[2], "91350100M000100Y43 of 丙公司 is already used by 甲公司")
        self.assertRegex(errors[3], f"{CODE_B} of 丁公司 is already used by 已有公司")
        self.assertRegex(errors[4], "phone number 12345 of 戊公司 is not a valid")
        for message in result["messages"]:
            self.assertEqual(message["record"], message["rows"]["from"])
        self.assertFalse(
            self.Partner.search(
                [("name", "in", ["甲公司", "乙公司", "丙公司", "丁公司", "戊公司"])]
            )
        )
        # the good rows alone are imported, units found by name or code
        result = self.Partner.load(
            IMPORT_FIELDS, [rows[0], ["乙公司", "1", "Enterprise", "", "", ""]]
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 2)
        first, second = self.Partner.browse(result["ids"])
        self.assertEqual(first.fazhi_counterpart_type, "private_enterprise")
        self.assertEqual(first.fazhi_unit_ids, self.approval)
        self.assertEqual(second.fazhi_counterpart_type, "enterprise")
        self.assertFalse(second.fazhi_unit_ids)
        self.assertTrue(first.is_fazhi_counterpart)
        result = self.Partner.load(
            IMPORT_FIELDS, [["己公司", "1", "public_place", "", "", "T-SAT-JDS,测试审批办"]]
        )
        self.assertEqual(
            self.Partner.browse(result["ids"]).fazhi_unit_ids, self.approval | self.supervision
        )
        # an unknown unit is a clear error too
        result = self.Partner.load(
            IMPORT_FIELDS, [["庚公司", "1", "other", "", "", "不存在的单位"]]
        )
        self.assertIs(result["ids"], False)
        self.assertIn("不存在的单位", result["messages"][0]["message"])

    def test_import_csv_file(self):
        """The same through the import dialog (base_import), in a dry run."""
        csv = (
            "名称,相对人,类型,统一社会信用代码,电话,管理单位\n"
            "甲公司,1,Private enterprise,91350100M000100Y43,0375-2663225,测试审批办\n"
            "乙公司,1,enterprise,91350100M000100Y44,,T-SAT-JDS\n"
            '丙公司,1,enterprise,91350100M000100Y43,13800000000,"测试审批办,测试监督所"\n'
        ).encode()
        importer = self.env["base_import.import"].create(
            {
                "res_model": "res.partner",
                "file": csv,
                "file_name": "counterparts.csv",
                "file_type": "text/csv",
            }
        )
        options = {
            "has_headers": True,
            "separator": ",",
            "quoting": '"',
            "encoding": "utf-8",
            "date_format": "",
            "datetime_format": "",
            "float_thousand_separator": ",",
            "float_decimal_separator": ".",
            "fields": [],
            "import_skip_records": [],
            "import_set_empty_fields": [],
        }
        preview = importer.parse_preview(dict(options))
        self.assertFalse(preview.get("error"), preview)
        result = importer.execute_import(
            IMPORT_FIELDS, preview["headers"], dict(options), dryrun=True
        )
        self.assertIs(result["ids"], False)
        errors = {m["rows"]["from"]: m["message"] for m in reversed(result["messages"])}
        self.assertRegex(errors[1], "of 乙公司 is wrong: its check digit")
        self.assertRegex(errors[2], "of 丙公司 is already used by 甲公司")
        self.assertFalse(self.Partner.search([("name", "in", ["甲公司", "乙公司", "丙公司"])]))
        # fixed file: the dry run passes, and nothing is stored until the real import
        fixed = csv.replace(b"91350100M000100Y44", b"91110000600037341L").replace(
            "丙公司,1,enterprise,91350100M000100Y43".encode(), "丙公司,1,enterprise,".encode()
        )
        importer.file = fixed
        result = importer.execute_import(
            IMPORT_FIELDS, preview["headers"], dict(options), dryrun=True
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertFalse(self.Partner.search([("name", "in", ["甲公司", "乙公司", "丙公司"])]))
        result = importer.execute_import(IMPORT_FIELDS, preview["headers"], dict(options))
        imported = self.Partner.browse(result["ids"])
        self.assertEqual(imported.mapped("name"), ["甲公司", "乙公司", "丙公司"])
        self.assertEqual(imported[2].fazhi_unit_ids, self.approval | self.supervision)
