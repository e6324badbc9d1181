"""Selections shared by several fazhi models, defined once.

A selection's labels are translated by the addon that defines the field (its
``ir.model.fields.selection`` records), so each addon using these lists keeps
the labels in its own ``i18n/zh_CN.po``; the values and English labels stay
the same everywhere.
"""

# Result of an investigation (属实 / 部分属实 / 不属实): accountability
# follow-ups, complaints.
OUTCOMES = [
    ("substantiated", "Substantiated"),
    ("partly_substantiated", "Partly substantiated"),
    ("unfounded", "Unfounded"),
]

# Accountability measure taken (批评教育, 诫勉谈话, 通报批评, 移送纪检监察,
# 移送司法机关): accountability follow-ups, complaints.
MEASURES = [
    ("criticism_education", "Criticism and education"),
    ("admonition_talk", "Admonition talk"),
    ("public_criticism", "Public criticism"),
    ("transfer_discipline", "Transfer to the discipline inspection body"),
    ("transfer_judiciary", "Transfer to the judicial authorities"),
]
