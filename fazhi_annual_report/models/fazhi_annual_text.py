"""The text of the annual report: figure sentences, section templates, and
the registry of the figures behind them.

The report is a Chinese government document (seeds 002/003): its headings
and sentences are its content, written in Chinese whatever the language of
the person who drafts it, as the shipped questionnaires are. The labels of the
figures (the "Sources" tab) are interface strings, translated as usual.

Every figure sentence becomes a generated block of the HTML,
``<span data-fazhi-figure="code">...</span>``, which drafting again
refreshes while the text around it stays as written.
"""

from markupsafe import Markup, escape

# Section headings, verbatim from the seeds: 003 (一、推进法治政府建设的主要举措和成效),
# 002 (二、党政主要负责人履行推进法治政府建设第一责任人职责情况 — "履职情况" there;
# 四、推进法治政府建设的不足和原因; 五、2022年推进法治政府建设计划).
HEADING_MEASURES = "推进法治政府建设的主要举措和成效"
HEADING_LEADERSHIP = "党政主要负责人履行推进法治政府建设第一责任人职责情况"
HEADING_SHORTCOMINGS = "推进法治政府建设的不足和原因"


def heading_plan(year):
    return f"{year + 1}年推进法治政府建设计划"


def headings(year):
    """The numbered sections of the document, in order: ``[(field, heading)]``."""
    return [
        ("section_measures", HEADING_MEASURES),
        ("section_leadership", HEADING_LEADERSHIP),
        ("section_shortcomings", HEADING_SHORTCOMINGS),
        ("section_plan", heading_plan(year)),
    ]


NUMERALS = "一二三四五六七八九十"


def default_title(unit_name, year):
    return f"{unit_name}关于{year}年法治政府建设工作情况的报告"


# ----------------------------------------------------------------------
# Numbers as written in the reports
# ----------------------------------------------------------------------
def n(value):
    """A count: ``114``."""
    return str(round(value or 0))


def pct(value):
    """A rate: ``99.57`` (two decimals at most, no trailing zeros), ``100``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def wan(yuan):
    """An amount in yuan as 万元 with two decimals: ``155.48``."""
    return f"{(yuan or 0) / 10000:.2f}"


# ----------------------------------------------------------------------
# Sentences
# ----------------------------------------------------------------------
def sentences(ctx):
    """``{code: sentence}``: each sentence ends with its punctuation, or is
    empty when there is nothing to say (the block stays, empty)."""
    f = ctx["figures"]
    year = ctx["year"]
    out = {}

    # Cases and fines: "全年查处案件114件（其中：公共场所49件，……），罚没款155.48万元。"
    cases = f.get("records.penalty_cases") or 0
    sentence = f"全年查处案件{n(cases)}件"
    parts = [f"{name}{n(count)}件" for name, count in ctx["breakdown"] if count]
    if parts:
        sentence += "（其中：" + "，".join(parts) + "）"
    sentence += f"，罚没款{wan(f.get('records.penalty_amount'))}万元。"
    out["cases"] = sentence

    major = f.get("records.major_cases") or 0
    out["legal_review"] = (
        f"作出重大行政执法决定{n(major)}件，"
        f"经法制审核{n(f.get('records.major_reviewed'))}件"
        + (f"，法制审核率{pct(f['records.legal_review_rate'])}%" if major else "")
        + "。"
        if major
        else "严格落实重大执法决定法制审核制度，全年未作出需法制审核的重大行政执法决定。"
    )
    due = f.get("records.publication_due") or 0
    out["publication"] = (
        f"落实行政许可和行政处罚双公示制度，应公示决定{n(due)}件，"
        f"7个工作日内按时公示{n(f.get('records.publication_on_time'))}件，"
        f"按时公示率{pct(f['records.publication_rate'])}%。"
        if due
        else ""
    )
    typical = f.get("records.typical_cases") or 0
    out["typical"] = f"发布典型案例{n(typical)}件，以案释法。" if typical else ""
    planned = f.get("records.inspection_planned") or 0
    visits = f.get("records.inspection_visits") or 0
    if planned or visits:
        sentence = "推行“双随机、一公开”监管，"
        if planned:
            sentence += f"{year}年应监督检查单位{n(planned)}户，"
        sentence += f"监督检查{n(visits)}户次"
        if f.get("records.inspection_coverage") is not None:
            sentence += f"，监督覆盖率{pct(f['records.inspection_coverage'])}%"
        out["inspections"] = sentence + "。"
    else:
        out["inspections"] = ""

    # Licensing: "受理行政许可1696件，办理1696件，按时办件率100%"
    received = f.get("records.licensing_received") or 0
    concluded = f.get("records.licensing_concluded") or 0
    if received or concluded:
        sentence = f"全年受理行政许可{n(received)}件，办结{n(concluded)}件"
        if f.get("records.licensing_on_time_rate") is not None:
            sentence += f"，按时办件率{pct(f['records.licensing_on_time_rate'])}%"
        if f.get("records.licensing_compression_rate"):
            sentence += f"，平均审批时间压缩{pct(f['records.licensing_compression_rate'])}%"
        out["licensing"] = sentence + "。"
    else:
        out["licensing"] = ""

    # Reconsideration and litigation
    recon = f.get("records.reconsiderations") or 0
    lit = f.get("records.litigations") or 0
    if recon or lit:
        sentence = f"全年行政复议{n(recon)}件，行政诉讼{n(lit)}件"
        for code, label in (
            ("records.reconsideration_maintained_rate", "行政复议维持率"),
            ("records.correction_rate", "纠错率"),
            ("records.head_appearance_rate", "行政负责人出庭应诉率"),
        ):
            if f.get(code) is not None:
                sentence += f"，{label}{pct(f[code])}%"
        out["disputes"] = sentence + "。"
    else:
        out["disputes"] = "全年无行政复议和行政诉讼案件。"

    # Complaints
    complaints = f.get("complaint.received") or 0
    sentence = f"全年受理行政执法投诉举报{n(complaints)}件，办结{n(f.get('complaint.concluded'))}件"
    if f.get("complaint.on_time_rate") is not None:
        sentence += f"，按期办结率{pct(f['complaint.on_time_rate'])}%"
    if f.get("complaint.substantiated_rate") is not None:
        sentence += f"，查实率{pct(f['complaint.substantiated_rate'])}%"
    out["complaints"] = sentence + "。"

    channels = ctx["channels"]
    parts = []
    if channels.get("phone"):
        parts.append(f"投诉电话{channels['phone']}")
    if channels.get("email"):
        parts.append(f"投诉邮箱{channels['email']}")
    if channels.get("address"):
        parts.append(f"通信地址{channels['address']}")
    sentence = ("向社会公布" + "、".join(parts)) if parts else ""
    if channels.get("hotline"):
        sentence += ("，并" if sentence else "") + f"依托{channels['hotline']}政务服务热线"
    out["channels"] = (sentence + "受理群众投诉举报。") if sentence else ""

    # Satisfaction self-assessment and callbacks
    if f.get("satisfaction.planned"):
        sentence = (
            f"每月对管理和服务对象开展满意度自查测评，全年应测评{n(f['satisfaction.planned'])}户次，"
            f"完成{n(f.get('satisfaction.done'))}户次，测评率{pct(f['satisfaction.coverage'])}%"
        )
        if f.get("satisfaction.rate") is not None:
            sentence += f"，满意率{pct(f['satisfaction.rate'])}%"
        out["satisfaction"] = sentence + "。"
    else:
        out["satisfaction"] = ""
    if f.get("callback.cases"):
        sentence = (
            f"实行回访人员和办案人员分离，对办结的{n(f['callback.cases'])}件行政执法案件"
            f"回访{n(f.get('callback.done'))}件，回访率{pct(f['callback.coverage'])}%"
        )
        if f.get("callback.on_time_rate") is not None:
            sentence += f"，按时回访率{pct(f['callback.on_time_rate'])}%"
        if f.get("callback.satisfaction_rate") is not None:
            sentence += f"，回访满意率{pct(f['callback.satisfaction_rate'])}%"
        findings = f.get("callback.findings") or 0
        sentence += (
            f"；回访发现问题{n(findings)}件，均已立项问责跟踪。"
            if findings
            else "；回访未发现不作为、吃拿卡要等问题。"
        )
        out["callbacks"] = sentence
    else:
        out["callbacks"] = ""
    scores = ctx["scores"]
    if scores:
        average = sum(score for _name, score in scores) / len(scores)
        best = scores[0]
        out["assessment"] = (
            f"将提升法治政府建设满意度工作纳入年终考核，{len(scores)}个单位平均得分"
            f"{pct(average)}分，{best[0]}以{pct(best[1])}分位列第一。"
        )
    else:
        out["assessment"] = ""

    # Training, publicity
    sessions = f.get("records.training_sessions") or 0
    if sessions:
        sentence = (
            f"组织开展法治和执法培训{n(sessions)}次，"
            f"培训{n(f.get('records.training_participants'))}人次"
        )
        if f.get("records.exam_participants"):
            sentence += (
                f"，执法人员法律知识考试{n(f['records.exam_participants'])}人次，"
                f"合格{n(f.get('records.exam_passed'))}人"
            )
        out["training"] = sentence + "。"
    else:
        out["training"] = ""
    activities = f.get("records.publicity_activities") or 0
    out["publicity"] = (
        f"开展普法宣传活动{n(activities)}次，覆盖群众{n(f.get('records.publicity_people'))}人次，"
        f"发放宣传材料{n(f.get('records.publicity_materials'))}份。"
        if activities
        else ""
    )

    # Indicators
    if f.get("indicator.due"):
        out["indicators"] = (
            f"推进法治政府建设示范创建，应报送指标台账{n(f['indicator.due'])}项，"
            f"已报送{n(f.get('indicator.submitted'))}项，完成进度{pct(f['indicator.progress'])}%。"
        )
    else:
        out["indicators"] = ""

    # Leadership: legal education of the leaders
    out["leader_training"] = f"全年组织集中学法和法治培训{n(sessions)}次。" if sessions else ""

    # Shortcomings, from the weak points, overdue follow-ups and vetoes
    weak = []
    if f.get("satisfaction.coverage") is not None and f["satisfaction.coverage"] < 90:
        weak.append(f"满意度自查测评率{pct(f['satisfaction.coverage'])}%，未达到90%的要求")
    if f.get("followup.rectification"):
        weak.append(f"测评和回访发现薄弱环节{n(f['followup.rectification'])}处，需持续整改")
    if f.get("followup.overdue"):
        weak.append(f"逾期未完成的整改督办事项{n(f['followup.overdue'])}项")
    if f.get("indicator.vetoes"):
        weak.append(f"示范创建触发一票否决事项{n(f['indicator.vetoes'])}项")
    if f.get("records.officers_short"):
        weak.append(
            f"{n(f['records.officers_short'])}名执法人员年度培训不足{n(ctx['min_hours'])}学时"
        )
    if f.get("records.publication_overdue"):
        weak.append(f"{n(f['records.publication_overdue'])}件执法决定未在7个工作日内公示")
    out["weak_points"] = (
        "；".join(f"{_ordinal(i)}是{item}" for i, item in enumerate(weak)) + "。" if weak else ""
    )
    return out


def _ordinal(index):
    return NUMERALS[index] if index < len(NUMERALS) else str(index + 1)


# ----------------------------------------------------------------------
# Sections
# ----------------------------------------------------------------------
def block(code, sentences_):
    return Markup('<span data-fazhi-figure="%s">%s</span>') % (code, sentences_.get(code, ""))


def paragraph(heading, *parts):
    head = Markup("<strong>%s</strong>") % heading if heading else Markup("")
    return Markup("<p>%s%s</p>") % (head, Markup("").join(parts))


def sections(ctx):
    """The first draft of every section: ``{field: HTML}``."""
    s = sentences(ctx)
    year = ctx["year"]
    unit = escape(ctx["unit"])
    intro = paragraph(
        None,
        Markup(
            "%s年，%s坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实法治政府建设"
            "各项部署，严格规范公正文明执法，推进法治政府建设取得明显成效。现将有关情况报告如下："
        )
        % (year, unit),
    )
    measures = Markup("").join(
        [
            paragraph(
                "（一）规范行政执法，坚持依法行政。",
                block("cases", s),
                block("legal_review", s),
                block("publication", s),
                block("typical", s),
                block("inspections", s),
            ),
            paragraph("（二）深化“放管服”改革。", block("licensing", s)),
            paragraph(
                "（三）完善矛盾纠纷多元化解机制。",
                block("disputes", s),
                block("complaints", s),
                block("channels", s),
            ),
            paragraph(
                "（四）提升法治政府建设满意度。",
                block("satisfaction", s),
                block("callbacks", s),
                block("assessment", s),
            ),
            paragraph("（五）加强队伍法治建设。", block("training", s), block("publicity", s)),
            paragraph("（六）推进示范创建。", block("indicators", s)),
        ]
    )
    leadership = paragraph(
        None,
        Markup(
            "党政主要负责人高度重视法治建设工作，把履行推进法治建设第一责任人职责作为一项重要"
            "政治任务，亲自部署、亲自协调、亲自督办。"
        ),
        block("leader_training", s),
    )
    shortcomings = paragraph(None, block("weak_points", s))
    plan = Markup("").join(
        [
            paragraph(
                None,
                "（一）持续开展满意度自查测评和案件回访，测评率不低于90%，回访率达到100%，"
                "对发现的薄弱环节限期整改。",
            ),
            paragraph(
                None,
                "（二）健全重大行政执法决定法制审核制度，落实行政许可和行政处罚双公示，"
                "规范行政执法行为。",
            ),
            paragraph(
                None,
                "（三）加强执法人员培训，确保每名执法人员年度培训不少于"
                f"{n(ctx['min_hours'])}学时。",
            ),
            paragraph(None, "（四）畅通投诉举报渠道，按期办结投诉举报，处理结果向社会公开。"),
        ]
    )
    return {
        "section_intro": intro,
        "section_measures": measures,
        "section_leadership": leadership,
        "section_shortcomings": shortcomings,
        "section_plan": plan,
    }


# ----------------------------------------------------------------------
# Registry of the figures behind the sentences
# ----------------------------------------------------------------------
def _in(units):
    return [("unit_id", "in", units.ids)]


def _period(fname, date_from, date_to):
    return [(fname, ">=", date_from), (fname, "<", date_to)]


def registry(env):
    """``{code: {"label", "kind", "model", "domain"}}``, ``domain`` a
    callable ``(env, units, date_from, date_to)`` of the records behind."""

    def cases(env, units, f, t):
        return [*_in(units), ("case_type", "=", "penalty"), *_period("closing_date", f, t)]

    def major(env, units, f, t):
        return [*_in(units), ("is_major", "=", True), *_period("decision_date", f, t)]

    def publication(env, units, f, t):
        return [
            *_in(units),
            ("publication_required", "=", True),
            *_period("publication_deadline", f, t),
        ]

    def typical(env, units, f, t):
        return [*_in(units), *_period("typical_published_date", f, t)]

    def lic_received(env, units, f, t):
        return [*_in(units), *_period("received_date", f, t)]

    def lic_concluded(env, units, f, t):
        return [*_in(units), *_period("concluded_date", f, t)]

    def plans(env, units, f, t):
        return [*_in(units), ("year", ">=", f.year), ("year", "<", t.year + (t.month > 1))]

    def dated(env, units, f, t):
        return [*_in(units), *_period("date", f, t)]

    def disputes(kind):
        def domain(env, units, f, t):
            return [*_in(units), ("kind", "=", kind), *_period("received_date", f, t)]

        return domain

    def concluded_disputes(env, units, f, t):
        return [*_in(units), *_period("concluded_date", f, t)]

    def hearings(env, units, f, t):
        return [*_in(units), ("kind", "=", "litigation"), *_period("hearing_date", f, t)]

    def exams(env, units, f, t):
        return [*dated(env, units, f, t), ("has_exam", "=", True)]

    def hours(env, units, f, t):
        return [*_in(units), ("year", "=", f.year)]

    def short(env, units, f, t):
        return [*hours(env, units, f, t), ("is_short", "=", True)]

    def months(env, units, f, t):
        return [*_in(units), *_period("month", f, t)]

    def callbacks(env, units, f, t):
        return [*_in(units), *_period("closing_date", f, t)]

    def complaints_received(env, units, f, t):
        return [("accused_unit_id", "in", units.ids), *_period("received_date", f, t)]

    def complaints_concluded(env, units, f, t):
        return [("accused_unit_id", "in", units.ids), *_period("concluded_date", f, t)]

    def entries(env, units, f, t):
        return [
            *_in(units),
            ("campaign_id.state", "!=", "draft"),
            *_period("deadline", f, t),
        ]

    def vetoes(env, units, f, t):
        return [*_in(units), *env["fazhi.annual.figures"]._fazhi_veto_domain(f, t)]

    def rectifications(env, units, f, t):
        return env["fazhi.annual.figures"]._fazhi_rectification_domain(units, f, t)

    def overdue(env, units, f, t):
        return env["fazhi.annual.figures"]._fazhi_overdue_domain(units, f, t)

    case = "fazhi.enforcement.case"
    licensing = "fazhi.licensing.record"
    dispute = "fazhi.legal.dispute"
    session = "fazhi.training.session"
    rows = [
        ("records.penalty_cases", env._("Penalty cases closed"), "count", case, cases),
        ("records.penalty_amount", env._("Fines and confiscations (yuan)"), "amount", case, cases),
        ("records.major_cases", env._("Major enforcement decisions"), "count", case, major),
        (
            "records.major_reviewed",
            env._("Major decisions with legal review"),
            "count",
            case,
            major,
        ),
        (
            "records.publication_due",
            env._("Decisions due for publication"),
            "count",
            case,
            publication,
        ),
        (
            "records.publication_rate",
            env._("Decisions published on time"),
            "percent",
            case,
            publication,
        ),
        ("records.typical_cases", env._("Typical cases published"), "count", case, typical),
        (
            "records.licensing_received",
            env._("Licensing applications received"),
            "count",
            licensing,
            lic_received,
        ),
        (
            "records.licensing_concluded",
            env._("Licensing applications concluded"),
            "count",
            licensing,
            lic_concluded,
        ),
        (
            "records.licensing_on_time_rate",
            env._("Licensing concluded on time"),
            "percent",
            licensing,
            lic_concluded,
        ),
        (
            "records.licensing_compression_rate",
            env._("Licensing time compressed"),
            "percent",
            licensing,
            lic_concluded,
        ),
        (
            "records.inspection_planned",
            env._("Units to inspect"),
            "count",
            "fazhi.inspection.plan",
            plans,
        ),
        (
            "records.inspection_visits",
            env._("Inspections done (visits)"),
            "count",
            "fazhi.inspection.record",
            dated,
        ),
        (
            "records.inspection_coverage",
            env._("Inspection coverage"),
            "percent",
            "fazhi.inspection.plan",
            plans,
        ),
        (
            "records.reconsiderations",
            env._("Reconsiderations"),
            "count",
            dispute,
            disputes("reconsideration"),
        ),
        ("records.litigations", env._("Lawsuits"), "count", dispute, disputes("litigation")),
        (
            "records.reconsideration_maintained_rate",
            env._("Reconsiderations maintained"),
            "percent",
            dispute,
            concluded_disputes,
        ),
        (
            "records.correction_rate",
            env._("Decisions corrected"),
            "percent",
            dispute,
            concluded_disputes,
        ),
        (
            "records.head_appearance_rate",
            env._("Head appeared in court"),
            "percent",
            dispute,
            hearings,
        ),
        ("records.training_sessions", env._("Training sessions"), "count", session, dated),
        ("records.training_participants", env._("Training participants"), "count", session, dated),
        ("records.exam_participants", env._("Exam participants"), "count", session, exams),
        ("records.exam_passed", env._("Exams passed"), "count", session, exams),
        (
            "records.officers_short",
            env._("Officers short of training hours"),
            "count",
            "fazhi.training.hours.report",
            short,
        ),
        (
            "records.publicity_activities",
            env._("Publicity activities"),
            "count",
            "fazhi.publicity.activity",
            dated,
        ),
        (
            "records.publicity_people",
            env._("People reached by publicity"),
            "count",
            "fazhi.publicity.activity",
            dated,
        ),
        (
            "records.publicity_materials",
            env._("Publicity materials handed out"),
            "count",
            "fazhi.publicity.activity",
            dated,
        ),
        (
            "satisfaction.planned",
            env._("Satisfaction interviews planned"),
            "count",
            "fazhi.satisfaction.campaign",
            months,
        ),
        (
            "satisfaction.done",
            env._("Satisfaction interviews completed"),
            "count",
            "fazhi.satisfaction.campaign",
            months,
        ),
        (
            "satisfaction.coverage",
            env._("Interview coverage"),
            "percent",
            "fazhi.satisfaction.campaign",
            months,
        ),
        (
            "satisfaction.rate",
            env._("Satisfaction rate"),
            "percent",
            "fazhi.satisfaction.answer.report",
            months,
        ),
        (
            "callback.cases",
            env._("Closed cases to call back"),
            "count",
            "fazhi.case.callback.report",
            callbacks,
        ),
        (
            "callback.done",
            env._("Case callbacks done"),
            "count",
            "fazhi.case.callback.report",
            callbacks,
        ),
        (
            "callback.coverage",
            env._("Case callback coverage"),
            "percent",
            "fazhi.case.callback.report",
            callbacks,
        ),
        (
            "callback.on_time_rate",
            env._("Case callbacks done on time"),
            "percent",
            "fazhi.case.callback.report",
            callbacks,
        ),
        (
            "callback.satisfaction_rate",
            env._("Case callback satisfaction rate"),
            "percent",
            "fazhi.case.callback.report",
            callbacks,
        ),
        (
            "callback.findings",
            env._("Case callbacks with findings"),
            "count",
            "fazhi.case.callback.report",
            callbacks,
        ),
        (
            "complaint.received",
            env._("Complaints received"),
            "count",
            "fazhi.complaint",
            complaints_received,
        ),
        (
            "complaint.concluded",
            env._("Complaints concluded"),
            "count",
            "fazhi.complaint",
            complaints_concluded,
        ),
        (
            "complaint.on_time_rate",
            env._("Complaints concluded on time"),
            "percent",
            "fazhi.complaint",
            complaints_concluded,
        ),
        (
            "complaint.substantiated_rate",
            env._("Complaints substantiated"),
            "percent",
            "fazhi.complaint",
            complaints_concluded,
        ),
        (
            "indicator.due",
            env._("Indicator entries due"),
            "count",
            "fazhi.indicator.entry",
            entries,
        ),
        (
            "indicator.submitted",
            env._("Indicator entries submitted"),
            "count",
            "fazhi.indicator.entry",
            entries,
        ),
        (
            "indicator.progress",
            env._("Indicator progress"),
            "percent",
            "fazhi.indicator.entry",
            entries,
        ),
        (
            "indicator.vetoes",
            env._("Veto items triggered"),
            "count",
            "fazhi.indicator.assignment",
            vetoes,
        ),
        (
            "followup.rectification",
            env._("Weak points found (rectifications)"),
            "count",
            "fazhi.followup",
            rectifications,
        ),
        (
            "followup.overdue",
            env._("Follow-ups overdue"),
            "count",
            "fazhi.followup",
            overdue,
        ),
        (
            "training.compliance_rate",
            env._("Officers with enough training hours"),
            "percent",
            "fazhi.training.hours.report",
            hours,
        ),
    ]
    return {
        code: {"label": label, "kind": kind, "model": model, "domain": domain}
        for code, label, kind, model, domain in rows
    }
