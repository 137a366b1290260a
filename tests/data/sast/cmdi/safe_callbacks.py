"""Functions the standard library calls for us, handed constants; the request value goes to
a function that quotes it."""

import os
import shlex
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, request

app = Flask(__name__)
pool = ThreadPoolExecutor(2)


def archive(folder):
    os.system("tar czf /tmp/backup.tgz " + folder)


def archive_quoted(folder):
    os.system("tar czf /tmp/backup.tgz " + shlex.quote(folder))


class Jobs:
    def ping(self, host):
        os.system("ping -c 1 " + shlex.quote(host))

    def start(self, host):
        runner = getattr(self, "ping")
        runner(host)


@app.route("/backup")
def backup():
    folder = request.args.get("folder", "data")
    threading.Thread(target=archive, args=("data",)).start()
    threading.Thread(target=archive_quoted, args=(folder,)).start()
    pool.submit(archive_quoted, folder)
    list(map(archive, ["logs", "media"]))
    Jobs().start(request.args.get("host", "localhost"))
    return {"started": True}
