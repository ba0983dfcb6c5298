"""tmux_harness.py - what tui_tmux.py's scenarios share: the arguments, a tmux server of the
test's own, keys in, the screen out, waits and checks, memx started in a pane (under valgrind
with --valgrind), and the engine's own figures to hold the screen to. Imported by
tui_tmux.py and tui_scenarios.py; not run by itself.
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

MEMX, SRC = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
# --valgrind: the explorer runs under valgrind (ctest tui_tmux_valgrind, the valgrind build);
# every wait is SLOW times longer and each run's valgrind log must stay empty.
VALGRIND = "--valgrind" in sys.argv[3:]
SLOW = 4.0 if VALGRIND else 1.0
PROFILE = os.path.join(SRC, "profiles", "msm8937.yaml")
SHARED = os.environ.get("MEMX_SHARED_DIR", os.path.join(SRC, "..", "shared"))
SM8550 = os.path.join(SHARED, "corpus", "sm8550-sony-xperia-yodo-pdx234.dts")
SOCK = "memx-test-%d" % os.getpid()
# the tmux server and memx in its panes run in a UTF-8 locale, whatever the test's is
# (the explorer falls back to ASCII under C; scenarios that want that say --ascii)
os.environ["LC_ALL"] = "C.UTF-8"
WORK = tempfile.mkdtemp(prefix="memx-tui-")  # removed by tui_tmux.py's main()
failures = []


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null"] + list(args), check=check,
                          capture_output=True, text=True)


def screen(escapes=False):
    return tmux("capture-pane", "-p", "-J", *(["-e"] if escapes else []), "-t", "t").stdout


def lines():
    return screen().split("\n")


def alive():
    r = tmux("list-panes", "-t", "t", "-F", "#{pane_dead} #{pane_current_command}", check=False)
    return r.returncode == 0 and r.stdout.startswith("0")


def wait_for(text, timeout=5.0, regex=False):
    end = time.time() + timeout * SLOW
    while time.time() < end:
        s = screen()
        if (re.search(text, s, re.M) if regex else text in s):
            return s
        time.sleep(0.05)
    return None


def expect(text, what, timeout=5.0, regex=False):
    s = wait_for(text, timeout, regex)
    if s is None:
        failures.append("%s: '%s' never appeared; the screen was:\n%s" % (what, text, screen()))
        return False
    print("ok: %s" % what)
    return True


def expect_not(text, what, wait=0.4):
    time.sleep(wait * SLOW)
    s = screen()
    if text in s:
        failures.append("%s: '%s' is on the screen:\n%s" % (what, text, s))
        return False
    print("ok: %s" % what)
    return True


def check(cond, what, detail=""):
    if cond:
        print("ok: %s" % what)
    else:
        failures.append("%s%s\nthe screen was:\n%s" % (what, (": " + detail) if detail else "", screen()))
    return cond


def selected():
    """The details pane's title (the second screen row, right of the bar's heading): the selected
    region's name and label, or "Details" on free memory."""
    ls = lines()
    if len(ls) < 2:
        return ""
    return re.split(r"\s{2,}|… ", ls[1].strip())[-1]


def expect_selected(name, what, timeout=5.0):
    """Wait until the details pane names @name (followed by its label or nothing)."""
    end = time.time() + timeout * SLOW
    while time.time() < end:
        t = selected()
        if t == name or t.startswith(name + " "):
            print("ok: %s" % what)
            return True
        time.sleep(0.05)
    failures.append("%s: '%s' is not selected (the details name '%s'); the screen was:\n%s" %
                    (what, name, selected(), screen()))
    return False


def details_value(label):
    """The value of a details field, its wrapped continuation rows joined by spaces."""
    ls = lines()
    for i, l in enumerate(ls):
        m = re.search(r"(?<=\s)%s +(?=\S)" % re.escape(label), l)
        if not m:
            continue
        col = m.end()
        parts = [l[col:].strip()]
        for c in ls[i + 1:]:
            if len(c) <= col or c[m.start():col].strip() or not c[col:].strip():
                break
            parts.append(c[col:].strip())
        return " ".join(parts)
    return ""


def keys(*k):
    tmux("send-keys", "-t", "t", *k)


def literal(text):
    tmux("send-keys", "-t", "t", "-l", text)


def settle(t=0.3):
    time.sleep(t * SLOW)


def engine(edit=None, profile=None):
    """`memx report --json` of the profile (edited by @edit(yaml_text))."""
    text = open(profile or PROFILE).read()
    if edit:
        text = edit(text)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(text)
        path = f.name
    out = subprocess.run([MEMX, "report", "--json", path], capture_output=True, text=True, check=True)
    os.unlink(path)
    return json.loads(out.stdout)


def region_edit(name, old, new):
    """Replace @old by @new inside the YAML block of region @name."""
    def f(text):
        start = text.index("  - name: " + name)
        end = text.find("\n  - name:", start + 1)
        end = len(text) if end < 0 else end
        block = text[start:end]
        assert old in block, (name, old)
        return text[:start] + block.replace(old, new) + text[end:]
    return f


def wrapped():
    """MEMX as the pane runs it: under valgrind with --valgrind, one log per process."""
    if not VALGRIND:
        return MEMX
    return ("valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible "
            "--errors-for-leak-kinds=definite,indirect,possible -q --suppressions=%s "
            "--log-file=%s/valgrind.%%p.log %s"
            % (os.path.join(SRC, "tests", "tui", "ncurses.supp"), WORK, MEMX))


def valgrind_logs():
    """What valgrind said about the explorer runs so far (empty logs are removed)."""
    out = []
    for name in sorted(os.listdir(WORK)):
        if name.startswith("valgrind.") and name.endswith(".log"):
            path = os.path.join(WORK, name)
            text = open(path, errors="replace").read()
            os.unlink(path)
            if text.strip():
                out.append(text)
    return out


def start(cols, rows, extra=(), profile=None, term="xterm-256color"):
    tmux("kill-server", check=False)
    cmd = "cd %s && TERM=%s %s %s %s; echo EXITED=$?; sleep 600" % (
        WORK, term, wrapped(), " ".join(extra), profile or PROFILE)
    # a server that is still shutting down refuses new sessions for a moment
    for attempt in range(50):
        r = tmux("new-session", "-d", "-s", "t", "-x", str(cols), "-y", str(rows), cmd, check=False)
        if r.returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError("tmux new-session keeps failing: " + r.stderr)


def resize(cols, rows):
    tmux("resize-window", "-t", "t", "-x", str(cols), "-y", str(rows))


def quit_memx():
    keys("q")
    if wait_for("Quit anyway", 2):
        keys("y")


def find(what):
    keys("/")
    literal(what)
    keys("Enter")


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def dtc_ok():
    return shutil.which("dtc") is not None
