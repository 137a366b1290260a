"""Fake accounts for a demo: a session id made with a weak generator is guessable."""

import random


def demo_account(name):
    session_id = random.getrandbits(64)  # expect: VIGIL-PY-RANDOM
    return {"name": name, "session_id": session_id}
