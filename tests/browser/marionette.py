"""A minimal client of Firefox's built-in Marionette protocol (the WebDriver commands geckodriver
forwards to Firefox), for Debian 12, which packages firefox-esr but not geckodriver.

Messages are `LENGTH:JSON`; a command is [0, id, name, params], its answer [1, id, error, result].
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
ENTER = "\ue007"


class Marionette:
    def __init__(self, firefox, width=1280, height=900, timeout=90):
        self.profile = tempfile.mkdtemp(prefix="muwazi_firefox_")
        prefs = {
            "marionette.port": 0,  # any free port, written to MarionetteActivePort
            "browser.shell.checkDefaultBrowser": False,
            "datareporting.policy.dataSubmissionEnabled": False,
            "toolkit.telemetry.reportingpolicy.firstRun": False,
            "browser.startup.homepage_override.mstone": "ignore",
            "app.update.disabledForTesting": True,
            "network.captive-portal-service.enabled": False,
            "browser.safebrowsing.update.enabled": False,
            "extensions.update.enabled": False,
        }
        with open(os.path.join(self.profile, "user.js"), "w") as f:
            for k, v in prefs.items():
                f.write(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n")
        env = dict(os.environ, MOZ_HEADLESS="1", MOZ_HEADLESS_WIDTH=str(width),
                   MOZ_HEADLESS_HEIGHT=str(height))
        self.proc = subprocess.Popen(
            [firefox, "--headless", "--marionette", "--no-remote", "--profile", self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        portfile = os.path.join(self.profile, "MarionetteActivePort")
        deadline = time.time() + timeout
        while not (os.path.exists(portfile) and open(portfile).read().strip()):
            if time.time() > deadline or self.proc.poll() is not None:
                self.quit()
                raise RuntimeError("firefox did not start Marionette")
            time.sleep(0.1)
        self.sock = socket.create_connection(("127.0.0.1", int(open(portfile).read().strip())), timeout=timeout)
        self.buf = b""
        self.id = 0
        self._recv()  # the greeting: {"applicationType": "gecko", "marionetteProtocol": 3}
        self.cmd("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})

    def _recv(self):
        while b":" not in self.buf:
            self.buf += self._read()
        n, rest = self.buf.split(b":", 1)
        n = int(n)
        while len(rest) < n:
            rest += self._read()
        self.buf = rest[n:]
        return json.loads(rest[:n])

    def _read(self):
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise RuntimeError("firefox closed the Marionette connection")
        return chunk

    def cmd(self, name, params=None):
        self.id += 1
        msg = json.dumps([0, self.id, name, params or {}]).encode()
        self.sock.sendall(str(len(msg)).encode() + b":" + msg)
        while True:
            r = self._recv()
            if r[0] == 1 and r[1] == self.id:
                break
        if r[2]:
            raise RuntimeError(f"{name}: {r[2]}")
        return r[3]

    def js(self, script, *args):
        return self.cmd("WebDriver:ExecuteScript", {"script": script, "args": list(args)}).get("value")

    def go(self, url):
        self.cmd("WebDriver:Navigate", {"url": url})

    def find(self, css):
        return self.cmd("WebDriver:FindElement", {"using": "css selector", "value": css})["value"]

    def click(self, el):
        self.cmd("WebDriver:ElementClick", {"id": el[ELEMENT]})

    def keys(self, el, text):
        self.cmd("WebDriver:ElementSendKeys", {"id": el[ELEMENT], "text": text})

    def wait(self, script, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.1)
        raise RuntimeError("timed out waiting for: " + script)

    def window(self, width, height):
        self.cmd("WebDriver:SetWindowRect", {"width": width, "height": height})

    def screenshot(self, path):
        png = self.cmd("WebDriver:TakeScreenshot", {"full": False})["value"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))

    def quit(self):
        try:
            if getattr(self, "sock", None):
                self.cmd("Marionette:Quit", {"flags": ["eForceQuit"]})
        except Exception:  # noqa: BLE001 - already gone
            pass
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)
