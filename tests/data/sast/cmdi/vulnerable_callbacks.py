"""Request values handed to functions the standard library calls for us."""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

from flask import Flask, request

app = Flask(__name__)
pool = ThreadPoolExecutor(2)


def archive(folder):
    os.system("tar czf /tmp/backup.tgz " + folder)


class Jobs:
    def ping(self, host):
        os.system("ping -c 1 " + host)

    def start(self, host):
        runner = getattr(self, "ping")
        runner(host)


@app.route("/backup")
def backup():
    folder = request.args.get("folder", "data")
    threading.Thread(target=archive, args=(folder,)).start()  # expect: VIGIL-PY-CMDI
    pool.submit(archive, folder)  # expect: VIGIL-PY-CMDI
    list(map(archive, request.args.getlist("extra")))  # expect: VIGIL-PY-CMDI
    Jobs().start(request.args.get("host", "localhost"))  # expect: VIGIL-PY-CMDI
    return {"started": True}
