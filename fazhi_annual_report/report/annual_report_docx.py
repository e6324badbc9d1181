"""The annual report as a Word document (.docx) a clerk edits in Word or WPS.

Written with python-docx (maintained, pure Python, no office suite needed on
the server): the same content and order as the PDF (``report_annual_report``):
title, document number, addressee, introduction, the numbered sections as
"Heading 1" paragraphs, the assessment table, signature and date, copy line.
"""

import io

from lxml import html

from ..models import fazhi_annual_text as text

BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "pre"}
FONT = "仿宋"
TITLE_FONT = "宋体"


def chinese_date(day):
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _set_font(run, name, size=None, bold=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _paragraphs(value):
    """``[[(text, bold)]]``: the block elements of an HTML section as runs."""
    if not value or not str(value).strip():
        return []
    root = html.fragment_fromstring(str(value), create_parent="div")
    blocks = [node for node in root.iter() if node.tag in BLOCK_TAGS and node is not root]
    leaves = [node for node in blocks if not any(child.tag in BLOCK_TAGS for child in node)]
    if not leaves:
        leaves = [root]
    result = []
    for node in leaves:
        runs = []
        if node.text:
            runs.append((node.text, False))
        for child in node:
            if not isinstance(child.tag, str):
                continue
            bold = child.tag in ("strong", "b")
            content = child.text_content()
            if content:
                runs.append((content, bold))
            if child.tail:
                runs.append((child.tail, False))
        if "".join(part for part, _bold in runs).strip():
            result.append(runs)
    return result


def build_docx(report):
    """The .docx of ``report`` (read as the caller), as bytes."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)

    def para(runs, align=None, indent=True):
        paragraph = document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
        for content, bold in runs:
            _set_font(paragraph.add_run(content), FONT, 16, bold)
        return paragraph

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(report.name or ""), TITLE_FONT, 22, True)
    if report.doc_number:
        para([(report.doc_number, False)], WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    if report.recipient:
        para([(f"{report.recipient}：", False)], indent=False)
    for runs in _paragraphs(report.section_intro):
        para(runs)
    for index, (fname, heading) in enumerate(text.headings(report.year)):
        head = document.add_heading(level=1)
        _set_font(head.add_run(f"{text.NUMERALS[index]}、{heading}"), "黑体", 16, True)
        for runs in _paragraphs(report[fname]):
            para(runs)
        if fname == "section_measures" and report.assessment_ids:
            _assessment_table(document, report)
    document.add_paragraph()
    for line in (report.company_id.name or "", chinese_date(report.issue_date)):
        para([(line, False)], WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    if report.cc:
        para([(f"抄送：{report.cc}。", False)], indent=False)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _assessment_table(document, report):
    rows = report.assessment_ids.sorted("rank")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, ("名次", "单位", "考核得分"), strict=True):
        cell.text = label
    for row in rows:
        cells = table.add_row().cells
        cells[0].text = str(row.rank)
        cells[1].text = row.unit_id.name or ""
        cells[2].text = text.pct(row.score)
