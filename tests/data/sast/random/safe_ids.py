"""Fake accounts for a demo: random identifiers of authors and external accounts are no
secrets."""

import random


def demo_account(name):
    author_id = random.randint(1, 1000)
    oauth_id = random.randint(1, 1000)
    return {"name": name, "author_id": author_id, "oauth_id": oauth_id}
