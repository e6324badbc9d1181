"""Digests: one message per person, in the person's language.

The escalation crons tell each person about the records of a run in one
message; people with the same list of records and the same language share a
message (one notification each).
"""

from collections import defaultdict


def reading_lang(env, user, installed=None):
    """The language ``user`` reads messages in: theirs if it is installed,
    else None (the database's default)."""
    if installed is None:
        installed = {code for code, _name in env["res.lang"].get_installed()}
    return user.lang if user.lang in installed else None


def group_by_lang(env, users):
    """``{lang: users}`` by the language each reads messages in."""
    installed = {code for code, _name in env["res.lang"].get_installed()}
    return users.grouped(lambda user: reading_lang(env, user, installed))


def group_recipients(env, per_user):
    """``{(record ids, lang): users}`` from ``{user: [record ids]}``."""
    installed = {code for code, _name in env["res.lang"].get_installed()}
    recipients = defaultdict(lambda: env["res.users"])
    for user, ids in per_user.items():
        recipients[(tuple(ids), reading_lang(env, user, installed))] |= user
    return recipients
