import ast

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

SAT = ["满意", "基本满意", "不满意", "不了解"]
SAT_RATINGS = ["satisfied", "basically_satisfied", "dissatisfied", "unknown"]
GATE_TITLE = "你所在的单位是否是民营企业？"


class QuestionnaireCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey_001 = cls.env.ref("fazhi_satisfaction.survey_survey_001")
        cls.survey_000 = cls.env.ref("fazhi_satisfaction.survey_survey_000")
        cls.unit = cls.env["fazhi.unit"].create({"name": "测试审批办", "code": "T-Q-SPB"})

    @classmethod
    def _content_questions(cls, survey):
        return survey.question_ids.filtered(lambda q: not q.fazhi_is_private_gate)

    def _answer(self, survey, partner=None, **vals):
        partner = partner or self.env.user.partner_id
        return survey._create_answer(partner=partner, check_attempts=False, **vals)

    def _choice(self, question, value):
        choice = question.suggested_answer_ids.filtered(lambda a: a.value == value)
        self.assertEqual(len(choice), 1, f"{question.title}: {value}")
        return choice


@tagged("post_install", "-at_install")
class TestQuestionnaire(QuestionnaireCase):
    # ------------------------------------------------------------------
    # The shipped questionnaires
    # ------------------------------------------------------------------
    def test_shipped_structure(self):
        for survey, title, first_section, counts in (
            (self.survey_001, "依法行政调查问卷", "一、必答项", (16, 5)),
            (self.survey_000, "依法行政调查问卷（卫生健康系统）", "一、", (5, 5)),
        ):
            with self.subTest(survey=title):
                self.assertEqual(survey.title, title)
                self.assertTrue(survey.is_fazhi_questionnaire)
                self.assertEqual(survey.questions_layout, "page_per_section")
                self.assertEqual(
                    survey.page_ids.mapped("title"),
                    [first_section, "二、如果你所在的单位是民营企业，请回答以下问题。"],
                )
                section_1, section_2 = survey.page_ids
                gate = survey._fazhi_get_private_gate()
                self.assertEqual(gate.title, GATE_TITLE)
                self.assertEqual(gate.page_id, section_1)
                self.assertTrue(gate.constr_mandatory)
                self.assertEqual(gate.suggested_answer_ids.mapped("value"), ["是", "否"])
                # content questions: section 一 then section 二, the gate apart
                main = section_1.question_ids - gate
                private = section_2.question_ids
                self.assertEqual((len(main), len(private)), counts)
                self.assertEqual(self._content_questions(survey), main | private)
                self.assertEqual(gate, section_1.question_ids[-1])
                self.assertEqual(
                    main.mapped("fazhi_code"), [str(i) for i in range(1, counts[0] + 1)]
                )
                self.assertEqual(private.mapped("fazhi_code"), [f"二.{i}" for i in range(1, 6)])
                # questions 1 and 3 list situations: multiple choice
                self.assertEqual(
                    main.filtered(lambda q: q.question_type == "multiple_choice").mapped(
                        "fazhi_code"
                    ),
                    ["1", "3"],
                )
                self.assertEqual(
                    set(survey.question_ids.mapped("question_type")),
                    {"simple_choice", "multiple_choice"},
                )
                # section 二 is shown by the gate's "是" only
                yes, no = gate._fazhi_private_gate_answers()
                self.assertEqual((yes.value, no.value), ("是", "否"))
                for question in private:
                    self.assertEqual(question.triggering_answer_ids, yes)
                    self.assertFalse(question.constr_mandatory)
                self.assertFalse(main.triggering_answer_ids)
                self.assertEqual(set(survey.question_ids.mapped("fazhi_threshold")), {0.9})
        # seed 001: the 16 questions of "必答项" are mandatory
        self.assertTrue(all(self.survey_001.page_ids[0].question_ids.mapped("constr_mandatory")))
        # seed 000 offers no "none of the above" in questions 1 and 3: optional
        main_000 = self.survey_000.page_ids[0].question_ids
        self.assertEqual(
            main_000.mapped("constr_mandatory"), [False, True, False, True, True, True]
        )

    def test_shipped_texts(self):
        q001 = self._content_questions(self.survey_001)
        q000 = self._content_questions(self.survey_000)
        self.assertEqual(
            q001[0].title,
            "请问今年以来你到(地区/部门)办理行政审批、行政许可或各种证照等事项中，是否遇到以下情况？",
        )
        self.assertEqual(q000[0].title, q001[0].title)
        self.assertEqual(
            q001[2].title,
            "该地区（部门）在进行执法检查、处罚、行政强制等行政执法活动时是否存在以下情况?",
        )
        self.assertEqual(
            q001[4].title,
            "您认为该地区（部门）重大行政决策事项是否存在违法决策、专断决策、应及时决策而久拖不决等问题？",
        )
        self.assertEqual(
            q001[6].title,
            "请问2019年以来该地区（部门）制定的规范性文件对公民、法人和其他组织权利义务有重大影响、"
            "涉及人民群众切身利益的行政规范性文件，是否向社会公开征求意见?",
        )
        self.assertEqual(q001[8].title, "请问2019年以来你认为该地区（部门）办事服务事项公开情况。")
        self.assertEqual(
            q001[15].title,
            "请问今年以来你认为该地区（部门）的执法人员通过互联网、大数据方便群众办事的情况如何？",
        )
        self.assertEqual(q000[4].title, q001[15].title)
        self.assertEqual(
            q001[16].title,
            "请问今年以来你认为该地区（部门）在政府资金安排、土地供应、税费减免、资质许可、标准制定、"
            "项目申报、职称评定、人力资源政策等方面，是否存在不依法平等对待各类市场主体，"
            "制定或者实施歧视性政策措施。",
        )
        # seed 000's typo is kept verbatim
        self.assertEqual(q000[5].title, q001[16].title.replace("是否存在不依法", "是否存须不依法"))
        self.assertEqual(
            q001[20].title,
            "请问今年以来你认为该地区（部门）是否存在干预企业依法自主经营活动的行为。",
        )
        for question in q001 | q000:
            self.assertNotRegex(question.title, r"^\d|[（(]\s*[)）]|\s")
        # choices, verbatim
        self.assertEqual(
            q001[0].suggested_answer_ids.mapped("value"),
            ["不按法定程序办事", "应当办理而不办理", "应当公开而不公开", "不存在以上情况"],
        )
        self.assertEqual(
            q000[0].suggested_answer_ids.mapped("value"),
            ["不按法定程序办事", "应当办理而不办理", "应当公开而不公开"],
        )
        self.assertEqual(
            q001[2].suggested_answer_ids.mapped("value"),
            ["越权执法", "执法不公开", "执法简单粗暴", "乱收费、乱罚款", "不存在以上情况"],
        )
        self.assertEqual(q001[1].suggested_answer_ids.mapped("value"), ["是", "否"])
        for question in q001[3:8]:
            self.assertEqual(question.suggested_answer_ids.mapped("value"), ["有", "没有"])
        for question in q001[8:16] | q000[3:5]:
            self.assertEqual(question.suggested_answer_ids.mapped("value"), SAT)
        for question in q001[16:] | q000[5:]:
            self.assertEqual(question.suggested_answer_ids.mapped("value"), ["是", "否"])

    def test_shipped_ratings(self):
        q001 = self._content_questions(self.survey_001)
        q000 = self._content_questions(self.survey_000)
        factual = q001[1] | q000[1]
        # every choice is rated, except the factual question 2 and the gate
        for survey in self.survey_001 | self.survey_000:
            for question in survey.question_ids:
                for choice in question.suggested_answer_ids:
                    rated = bool(choice.fazhi_rating)
                    expected = question not in factual and not question.fazhi_is_private_gate
                    self.assertEqual(rated, expected, f"{question.title}: {choice.value}")

        def ratings(question):
            return question.suggested_answer_ids.mapped("fazhi_rating")

        for question in q001[8:16] | q000[3:5]:
            self.assertEqual(ratings(question), SAT_RATINGS)
        self.assertEqual(ratings(q001[0]), ["problem"] * 3 + ["no_problem"])
        self.assertEqual(ratings(q001[2]), ["problem"] * 4 + ["no_problem"])
        self.assertEqual(ratings(q000[0]), ["problem"] * 3)
        self.assertEqual(ratings(q000[2]), ["problem"] * 4)
        # 有/没有 by meaning: consulting, explaining, asking for comments are good
        self.assertEqual(ratings(q001[3]), ["no_problem", "problem"])  # 4 沟通协商
        self.assertEqual(ratings(q001[4]), ["problem", "no_problem"])  # 5 违法决策
        self.assertEqual(ratings(q001[5]), ["no_problem", "problem"])  # 6 解释说明
        self.assertEqual(ratings(q001[6]), ["no_problem", "problem"])  # 7 公开征求意见
        self.assertEqual(ratings(q001[7]), ["problem", "no_problem"])  # 8 地方保护
        for question in q001[16:] | q000[5:]:
            self.assertEqual(ratings(question), ["problem", "no_problem"])

    # ------------------------------------------------------------------
    # The private-enterprise branch
    # ------------------------------------------------------------------
    def test_branching(self):
        for survey in self.survey_001 | self.survey_000:
            gate = survey._fazhi_get_private_gate()
            yes, no = gate._fazhi_private_gate_answers()
            section_1, section_2 = survey.page_ids
            private = section_2.question_ids
            with self.subTest(survey=survey.title):
                answer = self._answer(survey)
                # not answered yet: the private questions wait for the gate
                self.assertEqual(answer._get_inactive_conditional_questions(), private)
                self.assertFalse(survey._is_last_page_or_question(answer, section_1))
                # 否: section 二 is skipped, the survey ends after section 一
                answer._save_lines(gate, no.id)
                self.assertEqual(answer._get_inactive_conditional_questions(), private)
                self.assertFalse(survey._get_next_page_or_question(answer, section_1.id))
                self.assertEqual(answer._get_print_questions(), survey.question_ids - private)
                # 是: section 二 follows
                answer._save_lines(gate, yes.id)
                self.assertFalse(answer._get_inactive_conditional_questions())
                self.assertEqual(survey._get_next_page_or_question(answer, section_1.id), section_2)
                self.assertEqual(answer._get_print_questions(), survey.question_ids)

    def test_prefill_private_enterprise(self):
        survey = self.survey_001
        gate = survey._fazhi_get_private_gate()
        yes, no = gate._fazhi_private_gate_answers()
        private = survey.page_ids[1].question_ids
        partner = self.env["res.partner"].create(
            {"name": "民营企业甲", "fazhi_counterpart_type": "private_enterprise"}
        )
        answers = self._answer(survey, partner=partner) | self._answer(self.survey_000)
        answers._fazhi_prefill_private_enterprise(partner._fazhi_is_private_enterprise())
        for answer in answers:
            line = answer.user_input_line_ids
            self.assertEqual(len(line), 1)
            self.assertEqual(line.question_id, answer.survey_id._fazhi_get_private_gate())
            self.assertEqual(line.suggested_answer_id.value, "是")
            self.assertFalse(answer._get_inactive_conditional_questions())
        answer = answers[0]
        self.assertEqual(answer.user_input_line_ids.suggested_answer_id, yes)
        # the respondent answers a private question, then turns out not to be one
        answer._save_lines(private[0], private[0].suggested_answer_ids[0].id)
        answer._fazhi_prefill_private_enterprise(False)
        self.assertEqual(answer.user_input_line_ids.question_id, gate)
        self.assertEqual(answer.user_input_line_ids.suggested_answer_id, no)
        self.assertEqual(answer._get_inactive_conditional_questions(), private)
        # a survey without gate is left alone
        plain = self.env["survey.survey"].create({"title": "Other survey"})
        plain_answer = self._answer(plain)
        self.assertTrue(plain_answer._fazhi_prefill_private_enterprise(True))
        self.assertFalse(plain_answer.user_input_line_ids)
        # a gate that shows nothing is a configuration error, said plainly
        private.triggering_answer_ids = False
        with self.assertRaisesRegex(UserError, "needs exactly one choice that shows"):
            answer._fazhi_prefill_private_enterprise(True)

    # ------------------------------------------------------------------
    # The (地区/部门) blank
    # ------------------------------------------------------------------
    def test_title_with_unit(self):
        question = self._content_questions(self.survey_001)[0]
        answer = self._answer(self.survey_001, fazhi_unit_id=self.unit.id)
        self.assertEqual(
            question._fazhi_title_for(answer),
            "请问今年以来你到测试审批办办理行政审批、行政许可或各种证照等事项中，是否遇到以下情况？",
        )
        # no unit, no answer: the blank stays
        self.assertEqual(question._fazhi_title_for(self._answer(self.survey_001)), question.title)
        self.assertEqual(question._fazhi_title_for(None), question.title)
        self.assertEqual(question._fazhi_title_for(self.env["survey.user_input"]), question.title)
        # the full-width spelling and blanks inside are filled too, "该地区（部门）" is not
        question.title = "你到（地区 / 部门）办理，该地区（部门）是否(地区/部门)"
        self.assertEqual(
            question._fazhi_title_for(answer), "你到测试审批办办理，该地区（部门）是否测试审批办"
        )
        # the public respondent cannot read units: the helper does
        public = self.env.ref("base.public_user")
        self.assertEqual(
            question._fazhi_title_for(answer.with_user(public)),
            "你到测试审批办办理，该地区（部门）是否测试审批办",
        )

    # ------------------------------------------------------------------
    # Editing: ratings, thresholds
    # ------------------------------------------------------------------
    def test_rating_edit_access(self):
        office = new_test_user(self.env, "q_office", groups="fazhi_base.group_fazhi_office")
        staff = new_test_user(self.env, "q_staff", groups="fazhi_base.group_fazhi_staff")
        leader = new_test_user(self.env, "q_leader", groups="fazhi_base.group_fazhi_leader")
        choice = self._choice(self._content_questions(self.survey_001)[1], "是")
        self.assertTrue(office.has_group("survey.group_survey_manager"))
        choice.with_user(office).fazhi_rating = "problem"
        self.assertEqual(choice.fazhi_rating, "problem")
        for user in (staff, leader):
            # they read the rule-of-law questionnaires, and change nothing
            self.assertEqual(choice.with_user(user).fazhi_rating, "problem")
            with self.assertRaises(AccessError):
                choice.with_user(user).fazhi_rating = "no_problem"
            with self.assertRaises(AccessError):
                choice.question_id.with_user(user).fazhi_threshold = 0.5
        other = self.env["survey.survey"].create({"title": "Other survey"})
        self.assertEqual(
            self.env["survey.survey"]
            .with_user(staff)
            .search([("id", "in", (other | self.survey_001).ids)]),
            self.survey_001,
        )

    def test_new_users_cannot_edit_questionnaires(self):
        """A user created in the UI with default rights (a survey officer, as
        survey makes every new user) never edits the questionnaires."""
        user = self.env["res.users"].create({"name": "新同事", "login": "q_new_colleague"})
        self.assertTrue(user.has_group("base.group_user"))
        with self.assertRaises(AccessError):
            self.survey_001.with_user(user).title = "改过的问卷"

    def test_threshold(self):
        question = self._content_questions(self.survey_001)[8]
        question.fazhi_threshold = 0.85
        for value in (-0.1, 1.5):
            with (
                self.assertRaisesRegex(ValidationError, "between 0 % and 100 %"),
                self.env.cr.savepoint(),
            ):
                question.fazhi_threshold = value
        self.assertEqual(question.fazhi_threshold, 0.85)
        self.assertEqual(self.env["survey.question"].new({"title": "x"}).fazhi_threshold, 0.9)

    def test_question_form(self):
        """The rating is a column of the choices in the question form."""
        view = self.env["survey.question"].get_view(
            self.env.ref("survey.survey_question_form").id, "form"
        )
        arch = etree.fromstring(view["arch"])
        columns = arch.xpath("//field[@name='suggested_answer_ids']/list/field/@name")
        self.assertIn("fazhi_rating", columns)
        self.assertEqual(columns.index("fazhi_rating"), columns.index("value") + 1)
        self.assertTrue(arch.xpath("//field[@name='fazhi_threshold']"))
        office = new_test_user(self.env, "q_office_form", groups="fazhi_base.group_fazhi_office")
        question = self._content_questions(self.survey_001)[9].with_user(office)
        with Form(question) as form:
            self.assertTrue(form.is_fazhi_questionnaire)
            with form.suggested_answer_ids.edit(2) as line:
                self.assertEqual(line.value, "不满意")
                self.assertEqual(line.fazhi_rating, "dissatisfied")
                line.fazhi_rating = "unknown"
            form.fazhi_threshold = 0.8
        self.assertEqual(question.suggested_answer_ids[2].fazhi_rating, "unknown")
        self.assertEqual(question.fazhi_threshold, 0.8)

    def test_questionnaire_action(self):
        action = self.env.ref("fazhi_satisfaction.survey_survey_action_fazhi")
        surveys = self.env["survey.survey"].search(ast.literal_eval(action.domain))
        self.assertIn(self.survey_001, surveys)
        self.assertIn(self.survey_000, surveys)
        self.assertTrue(all(surveys.mapped("is_fazhi_questionnaire")))
        # a copy stays a questionnaire, with its branch
        copy = self.survey_001.copy()
        self.assertTrue(copy.is_fazhi_questionnaire)
        gate = copy._fazhi_get_private_gate()
        yes, __ = gate._fazhi_private_gate_answers()
        self.assertEqual(copy.page_ids[1].question_ids.triggering_answer_ids, yes)
        self.assertEqual(
            copy.question_ids.suggested_answer_ids.mapped("fazhi_rating"),
            self.survey_001.question_ids.suggested_answer_ids.mapped("fazhi_rating"),
        )


@tagged("post_install", "-at_install")
class TestQuestionnairePages(HttpCase, QuestionnaireCase):
    """The survey pages show the interviewing unit in the (地区/部门) blank."""

    def test_pages_show_unit(self):
        survey = self.survey_001
        answer = self._answer(survey, fazhi_unit_id=self.unit.id)
        answer._mark_in_progress()
        filled = "请问今年以来你到测试审批办办理行政审批"
        response = self.url_open(f"/survey/{survey.access_token}/{answer.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(filled, response.text)
        self.assertNotIn("(地区/部门)", response.text)
        self.assertIn("一、必答项", response.text)
        self.assertIn(GATE_TITLE, response.text)
        response = self.url_open(
            f"/survey/print/{survey.access_token}?answer_token={answer.access_token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(filled, response.text)
        # without unit, the blank is shown as shipped
        other = self._answer(survey)
        other._mark_in_progress()
        response = self.url_open(f"/survey/{survey.access_token}/{other.access_token}")
        self.assertIn("请问今年以来你到(地区/部门)办理行政审批", response.text)
