"""SQL shared by the spreadsheets of survey answers (the yearly archive and the
answers export): the value of an answer line as a counterpart gave it."""

from odoo.tools import SQL


def translated(column, lang):
    """A translated jsonb ``column`` (e.g. ``choice.value``) in ``lang``, else English."""
    return SQL("COALESCE(%s->>%s, %s->>'en_US')", SQL(column), lang, SQL(column))


def answer_value(lang, tz):
    """The answer of ``line`` (a survey.user_input.line) as text: the choice (with its
    matrix row), the text, number, date or date and time in ``tz``. The query joins
    ``survey_question_answer`` as ``choice`` (the suggested answer) and as
    ``matrix_row``."""
    return SQL(
        """
        CASE line.answer_type
            WHEN 'suggestion' THEN
                CASE WHEN line.matrix_row_id IS NOT NULL
                     THEN %(row_value)s || ': ' || %(choice_value)s
                     ELSE %(choice_value)s END
            WHEN 'char_box' THEN line.value_char_box
            WHEN 'text_box' THEN line.value_text_box
            WHEN 'numerical_box' THEN line.value_numerical_box::text
            WHEN 'scale' THEN line.value_scale::text
            WHEN 'date' THEN to_char(line.value_date, 'YYYY-MM-DD')
            WHEN 'datetime' THEN to_char(
                line.value_datetime AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s,
                'YYYY-MM-DD HH24:MI:SS')
        END
        """,
        choice_value=translated("choice.value", lang),
        row_value=translated("matrix_row.value", lang),
        tz=tz,
    )
