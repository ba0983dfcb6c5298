#!/usr/bin/env python3
"""tui_tmux.py MEMX SOURCE_DIR [--no-fuzz] [TEST...] - drive the real memx explorer inside tmux.

Every figure the test looks for on the screen is computed first by the engine
itself (`memx report --json` on a profile edited the same way), so the explorer
is held to exactly what the engine predicts. Each bug of issue 11 has its own
function below, named after what it checks. Exit 77 (ctest: skipped) when tmux
is not installed, saying so loudly.
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
WORK = None
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


def basics():
    """The scripted edits of issue #3, held to the engine's own figures."""
    base = engine()
    assert base["meminfo"]["MemTotal"] == 903088
    start(100, 30)
    expect("MemTotal  903088", "the accounting shows MemTotal 903088")
    expect("MemTotal 903088 KiB", "the title shows MemTotal 903088 KiB")

    # the splash: no longer freed late -> the MemTotal the engine predicts
    m = engine(region_edit("splash_region@83000000", "freed-late: true", "freed-late: false"))["meminfo"]["MemTotal"]
    find("splash")
    expect("splash_region@83000000 (cont_splash_mem)", "search selects the splash region")
    keys("l")
    expect("MemTotal  903088 → %d (%+d)" % (m, m - 903088), "splash not freed late: MemTotal %d" % m)
    keys("u")
    expect(r"MemTotal  903088 *$", "undo: MemTotal 903088 again", regex=True)
    keys("U")
    expect("903088 → %d" % m, "redo brings it back")
    keys("u")
    expect(r"MemTotal  903088 *$", "undo again", regex=True)

    # secure_region@0 not reusable: MemTotal falls by exactly 112 MiB
    find("secure_region")
    expect("secure_region@0 (secure_mem)", "search selects secure_region@0")
    keys("r")
    expect("MemTotal  903088 → %d (-114688)" % (903088 - 114688), "secure not reusable: -114688 KiB")
    keys("u")
    expect(r"MemTotal  903088 *$", "undo the reusable edit", regex=True)

    # wcnss_fw_region@0 mapped: physpages +7168 and the memmap figures the engine gives
    mapped = engine(region_edit("wcnss_fw_region@0", "no-map: true", "no-map: false"))
    ms, bs = mapped["summary"], base["summary"]
    find("wcnss")
    expect("wcnss_fw_region@0 (wcnss_fw_mem)", "search selects wcnss_fw_region@0")
    keys("m")
    expect("physpages 1010688 → %d (+7168)" % (1010688 + 7168), "wcnss mapped: physpages +7168")
    assert ms["physpages_k"] == bs["physpages_k"] + 7168
    if ms["memmap_bytes"] != bs["memmap_bytes"]:
        if ms["memmap_bytes"] % 1024 == 0 and bs["memmap_bytes"] % 1024 == 0:
            expect("memmap    %d → %d (%+d)" % (bs["memmap_bytes"] // 1024, ms["memmap_bytes"] // 1024,
                                               (ms["memmap_bytes"] - bs["memmap_bytes"]) // 1024),
                   "wcnss mapped: memmap KiB as the engine predicts")
        else:
            expect("memmap    %d B → %d B" % (bs["memmap_bytes"], ms["memmap_bytes"]), "memmap bytes")
    else:
        failures.append("the engine predicts no memmap change for wcnss; the test expects one")
    expect("MemTotal  903088 → %d" % ms["memtotal_k"], "wcnss mapped: MemTotal %d" % ms["memtotal_k"])

    # bad input is refused with a clear message, and changes nothing
    keys("s")
    expect("size (16M, 0x1000000) of wcnss_fw_region@0:", "the size prompt opens")
    keys("C-u")
    literal("12Q")
    keys("Enter")
    expect("expected a size like 16M, 0x1000000 or 4096, got '12Q'", "bad size refused")
    keys("C-u")
    literal("8M")
    keys("Enter")
    expect("wcnss_fw_region@0 updated", "a good size is accepted")
    keys("u")

    # export: a fragment to #include after the board's DTS, which dtc compiles
    out = os.path.join(WORK, "export.dtsi")
    keys("x")
    expect("export /reserved-memory", "the export prompt opens")
    keys("C-u")
    literal(out)
    keys("Enter")
    expect("exported /reserved-memory to", "export done")
    if not os.path.exists(out):
        failures.append("export: %s was not written" % out)
    elif dtc_ok():
        top = write("top.dts", '/dts-v1/;\n/ { #address-cells = <1>; #size-cells = <1>; };\n/include/ "%s"\n' % out)
        r = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "/dev/null", top],
                           capture_output=True, text=True)
        if r.returncode:
            failures.append("dtc rejects the exported fragment:\n" + r.stderr)
        elif "no-map;" not in open(out).read():
            failures.append("the export lost the no-map flags")
        else:
            print("ok: dtc compiles the export included after a board")
    # exporting again to the same name asks before overwriting, and n keeps the file
    before = open(out).read() if os.path.exists(out) else ""
    keys("x")
    expect("export /reserved-memory", "second export prompt")
    keys("Enter")
    expect("exists. Overwrite it? (y/n)", "overwrite is asked")
    keys("n")
    expect("is left as it was", "n keeps the file")
    if os.path.exists(out) and open(out).read() != before:
        failures.append("the file changed although overwrite was refused")

    # save the edited profile; it loads back into the same MemTotal
    saved = os.path.join(WORK, "edited.yaml")
    keys("w")
    expect("save the profile (YAML) as:", "the save prompt opens")
    keys("C-u")
    literal(saved)
    keys("Enter")
    expect("saved the profile to", "saved")
    if os.path.exists(saved):
        r = json.loads(subprocess.run([MEMX, "report", "--json", saved], capture_output=True,
                                      text=True, check=True).stdout)
        check(r["meminfo"]["MemTotal"] == ms["memtotal_k"], "the saved profile reloads to the same MemTotal",
              "%d, not %d" % (r["meminfo"]["MemTotal"], ms["memtotal_k"]))

    # resize to 60x20 and back, without a crash
    resize(60, 20)
    expect("MemTotal", "60x20 still draws")
    resize(40, 10)
    expect("memx needs", "too small says so")
    resize(100, 30)
    expect("Accounting", "back to 100x30")
    check(alive(), "memx survives the resizes")

    # help is generated from the key table
    keys("?")
    expect("toggle no-map", "? shows every key")
    keys("Escape")

    # quitting with unsaved edits asks first (the wcnss edit is still there)
    keys("u")
    find("venus")
    keys("d")
    keys("q")
    expect("unsaved edits. Quit anyway? (y/n)", "q asks when there are edits")
    keys("n")
    expect("not quitting", "n stays")
    keys("q")
    expect("Quit anyway", "asked again")
    keys("y")
    expect("EXITED=0", "y quits with status 0")


def goto_selects_owner():
    """Bug 1: g ADDR selects the region that contains ADDR (or the free range there), never another."""
    start(100, 30)
    expect("MemTotal", "goto: started")
    keys("g")
    literal("0x8c900000")
    keys("Enter")
    expect("wcnss_fw_region@0 (wcnss_fw_mem)", "g 0x8c900000 selects wcnss_fw_region@0")
    check("venus_region@0 (" not in screen(), "g 0x8c900000 does not select venus_region@0")
    keys("m")
    expect("wcnss_fw_region@0: no-map off", "the next m edits wcnss_fw_region@0")
    keys("u")
    keys("g")
    literal("0xa0000000")
    keys("Enter")
    expect("0xa0000000 is free memory", "g into free memory says so")
    expect("0xa0000000: free", "the details describe the free range there")
    quit_memx()


DIAG_PROFILE = """name: diagboard
arch: arm64
kernel: "6.1"
memory: [{ base: 0x40000000, size: 256M }]
kernel-image: { size: 16M }
reserved-memory:
  - { name: odd@0, size: 4M, alignment: 0x3000 }
  - { name: huge@0, size: 1G }
  - { name: fw@48000000, reg: { base: 0x48000000, size: 2M }, no-map: true }
"""


def diagnostics():
    """Bug 2: diagnostics readable at every size; e lists them; counts match; once; outside DRAM at once."""
    prof = write("diag.yaml", DIAG_PROFILE)
    start(80, 24, profile=prof)
    # the first error memx check reports, as the engine words it
    chk = subprocess.run([MEMX, "check", prof], capture_output=True, text=True)
    chk = chk.stdout + chk.stderr
    first = re.search(r"error: (.*?) \[", chk).group(1)
    expect(" 2 errors ", "the title counts 2 errors")
    expect("2 errors, 0 warnings: e lists them", "80x24: the accounting says how many and where to look")
    s = wait_for(first.split()[0]) or ""
    check(" ".join(first.split()[:4]) in " ".join(s.split()),
          "80x24: the first error itself is readable (%s)" % first)
    keys("e")
    expect("Diagnostics: 2 errors, 0 warnings", "e lists every diagnostic; the count matches the title")
    s = screen()
    check(s.count("not a power of two") == 1, "the alignment error is listed once, not twice")
    check("does not fit" in s, "the list holds the other error")
    keys("Enter")
    wait_for("Accounting")
    check(re.match(r"\w+@0$", selected()) is not None,
          "Enter on a diagnostic goes to its region (the details name it)", selected())
    # moving a region outside DRAM says so at once
    find("fw@48000000")
    keys("b")
    keys("C-u")
    literal("0x10000000")
    keys("Enter")
    expect("outside memory", "moving a region outside DRAM says so at once")
    quit_memx()


def resize_keeps_cursor():
    """Bug 3: resize keeps the cursor row and the selection visible; ^L restores a sane viewport."""
    start(100, 30)
    expect("MemTotal", "resize: started")
    keys("End")
    expect("secure_region@0 (secure_mem)", "End selects the last region")
    for size in ((60, 16), (200, 60), (80, 24)):
        resize(*size)
        settle(0.5)
        s = screen()
        check("▶" in s and selected().startswith("secure_region@0 ("),
              "at %dx%d the cursor row and the selection are on the screen" % size)
    keys("+", "+", "+", "+")
    keys("End")
    settle()
    resize(70, 18)
    settle(0.5)
    check("▶" in screen(), "zoomed in: the cursor row survives a smaller terminal")
    resize(100, 30)
    keys("C-l")
    settle(0.5)
    ls = lines()
    rows = [i for i, l in enumerate(ls) if l.startswith("▶")]
    check(rows and 8 <= rows[0] <= 22, "^L brings the cursor row back to the middle of the bar",
          "cursor at line %s" % rows)
    quit_memx()


def too_small_and_help():
    """Bug 4: keys do nothing on the 'too small' screen; after ?, one q closes help, a second quits."""
    start(100, 30)
    expect("MemTotal", "too small: started")
    find("venus")
    resize(40, 10)
    expect("memx needs", "the terminal is too small")
    keys("m", "d", "D", "l")
    settle()
    resize(100, 30)
    expect("Accounting", "back to a usable size")
    expect_not("[modified]", "keys on the too-small screen changed nothing")
    keys("?")
    expect("Keys", "? opens the help")
    keys("q")
    expect("Accounting", "one q closes the help")
    check("EXITED" not in screen() and alive(), "and does not quit")
    keys("q")
    expect("EXITED=0", "a second q quits")


def input_line_scrolls():
    """Bug 5: the input line shows the whole value being typed at 60 and 80 columns, and scrolls."""
    value = "0x80000000+256M, 0x90000000-0xa0000000"
    for cols, rows in ((60, 16), (80, 24)):
        start(cols, rows)
        expect("MemTotal", "input %d: started" % cols)
        find("venus")
        keys("R")
        expect("alloc-ranges", "input %d: the alloc-ranges prompt opens" % cols)
        keys("C-u")
        literal(value)
        expect(value, "input %d: the whole value is on the screen" % cols)
        long = "0x80000000+1M," * 8
        keys("C-u")
        literal(long)
        settle()
        last = lines()[rows - 1]
        check(last.rstrip().endswith("+1M,") and "<" in last,
              "input %d: a value wider than the line scrolls, the cursor end shown" % cols, repr(last))
        keys("Escape")
        quit_memx()


def cursor_follows_edits():
    """Bug 6: the cursor follows an added, moved or resized region; undo and redo keep the selection on it."""
    start(100, 30)
    expect("MemTotal", "follow: started")
    keys("A")
    literal("mycma 64M")
    keys("Enter")
    expect_selected("mycma", "A selects the new region")
    expect(r"^▶.*mycma", "the cursor row is the new region's", regex=True)
    keys("b")
    keys("C-u")
    literal("0x98000000")
    keys("Enter")
    expect(r"^▶0x9[0-9a-f]+ .*mycma", "b moves the cursor with the region", regex=True)
    keys("g")
    literal("0x80000000")
    keys("Enter")
    keys("u")
    expect(r"^▶.*mycma", "undo brings the cursor back to the region it changed", regex=True)
    expect_selected("mycma", "undo keeps it selected")
    keys("g")
    literal("0x80000000")
    keys("Enter")
    keys("U")
    expect(r"^▶0x9[0-9a-f]+ .*mycma", "redo too", regex=True)
    quit_memx()


def non_ascii_input():
    """Bug 7: non-ASCII input is accepted or refused with a message, never silently cut."""
    start(100, 30)
    expect("MemTotal", "non-ascii: started")
    keys("/")
    literal("café")
    keys("Enter")
    expect("no region matches 'café'", "a search for café keeps the é")
    find("venus")
    keys("E")
    keys("C-u")
    literal("café@1")
    keys("Enter")
    expect("got 'café@1'", "a node name with é is refused, and the message shows it whole")
    keys("Escape")
    quit_memx()


def units_and_ellipsis():
    """Bug 8: one unit style everywhere; labels cut with an ellipsis, never mid-word without one."""
    start(100, 30)
    expect("MemTotal", "units: started")
    find("splash")
    expect("size       20 MiB (0x1400000)", "details: exact binary units")
    s = screen()
    check(" kB" not in s and not re.search(r"\d+K\b", s), "no kB or K anywhere: KiB and binary units only")
    check("Accounting (KiB)" in s and "MemTotal 903088 KiB" in s, "the accounting says its unit; the title KiB")
    check("splash_region@83000000 20 MiB" in s or "splash_region@83000000 *" in s or
          "splash_region@83000000…" in s, "the bar label says its size in the same units, or is cut at a word")
    check(not re.search(r"\d+ (Mi|Ki|Gi|M|K|G)…", s), "no size cut inside its unit (16 Mi…)")
    resize(80, 24)
    settle(0.5)
    check("…" in screen(), "80x24: a label too long for its room ends in an ellipsis")
    quit_memx()


def errors_on_status_line():
    """Bug 9: a refused input says why on the status lines, where the user is looking, not in the title."""
    start(80, 24)
    expect("MemTotal", "status: started")
    find("venus")
    keys("s")
    keys("C-u")
    literal("12Q")
    keys("Enter")
    expect("expected a size", "the refusal is shown")
    ls = lines()
    bottom = "\n".join(ls[-3:])
    check("expected a size" in bottom and "expected a size" not in ls[0],
          "it is on the status lines at the bottom, not in the title")
    keys("Escape")
    quit_memx()


def save_keeps_or_warns_comments():
    """Bug 10: saving over a hand-written profile warns that its comments will go."""
    hand = write("hand.yaml", open(PROFILE).read())
    ncomments = sum(1 for l in open(hand) if re.search(r"(^|\s)#", l))
    start(100, 30, profile=hand)
    expect("MemTotal", "comments: started")
    find("splash")
    keys("l")
    keys("w")
    keys("C-u")
    literal(hand)
    keys("Enter")
    expect("comment line", "saving over the hand-written profile warns about its comments")
    check("%d comment line" % ncomments in screen() or "comment lines" in screen(), "it says how many")
    keys("n")
    expect("is left as it was", "n keeps it")
    check(open(hand).read() == open(PROFILE).read(), "the hand-written file is untouched")
    quit_memx()


def dts_default_names():
    """Bug 11: the default output names of a DTS input are board-reserved-memory.dtsi and board.yaml."""
    if not dtc_ok():
        print("SKIPPED: dtc is not installed: the DTS default names were not tested", file=sys.stderr)
        return
    shutil.copy(os.path.join(SRC, "tests", "dt", "board.dts"), os.path.join(WORK, "board.dts"))
    start(100, 30, profile=os.path.join(WORK, "board.dts"))
    expect("MemTotal", "dts names: started")
    keys("x")
    expect("board-reserved-memory.dtsi", "x offers board-reserved-memory.dtsi")
    keys("Escape")
    keys("w")
    expect(r"> board\.yaml", "w offers board.yaml", regex=True)
    keys("Escape")
    quit_memx()


SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def sgr_of(line, glyph):
    """The attributes in force where @glyph is first drawn in @line (tmux's capture with escapes)."""
    state = []
    pos = 0
    for m in SGR.finditer(line):
        text = line[pos:m.start()]
        if glyph in text:
            return ";".join(state)
        codes = m.group(1)
        state = [] if codes in ("", "0") else state + [codes]
        pos = m.end()
    return ";".join(state) if glyph in line[pos:] else None


def colours():
    """Bug 12: free (quietest) and CMA differ by hue and glyph, in 8 and 256 colours; freed late has a legend."""
    for term in ("xterm-256color", "xterm"):
        start(120, 40, term=term)
        expect("MemTotal", "colours %s: started" % term)
        settle(0.5)
        esc = screen(escapes=True)
        free = cma = kernel = None
        for l in esc.split("\n"):
            free = free or sgr_of(l, "░")
            cma = cma or sgr_of(l, "▚")
            kernel = kernel or sgr_of(l, "█")
        check(free is not None and cma is not None and free != cma,
              "%s: free and CMA are drawn in different colours" % term, "free %r cma %r" % (free, cma))
        check(free and ("239" in free or "2" in free.split(";") or "90" in free),
              "%s: free memory is the quietest colour (grey or dim)" % term, repr(free))
        check(kernel != cma, "%s: kernel and CMA differ (and their glyphs █ ▚ differ too)" % term)
        check("freed late" in screen(), "%s: the legend names freed late" % term)
        quit_memx()


def details_wrap_words():
    """Bug 13: long details wrap at word boundaries (never … +2048 / 0K)."""
    prof = os.path.join(SRC, "profiles", "qemu-virt-arm64-6.1.yaml")
    rep = subprocess.run([MEMX, "report", prof], capture_output=True, text=True).stdout
    formula = next((l.split("# ", 1)[1] for l in rep.split("\n") if "# linear map" in l), "")
    tokens = set(formula.split())
    start(100, 30, profile=prof)
    expect("MemTotal", "wrap: started")
    find("linear-map")
    expect("how ", "the details show how the page tables were counted")
    ls = lines()
    x = next(i for i, l in enumerate(ls) if " how " in l)
    col = ls[x].index(" how ") + 1 + 11
    seg = []
    for l in ls[x:x + 4]:
        part = l[col:].strip() if len(l) > col else ""
        if not part:
            break
        seg.append(part)
    bad = [t for p in seg for t in p.split() if t not in tokens and not t.endswith("…")]
    check(seg and not bad, "every wrapped line ends at a word of the formula", "not whole: %s in %s" % (bad, seg))
    quit_memx()


def assumed_settings():
    """Bug 14: a warning caused by an assumed setting says so, and how to set it."""
    if not (os.path.exists(SM8550) and dtc_ok()):
        print("SKIPPED: %s or dtc missing: the assumed-setting warnings were not tested" % SM8550,
              file=sys.stderr)
        return
    start(120, 40, profile=SM8550)
    expect("MemTotal", "assumed: started", timeout=10)
    keys("e")
    expect("assumed:", "the list says the warning comes from an assumed place")
    expect("--profile BASE.yaml", "and how to give the real one")
    keys("q")
    find("hyp-region")
    expect("whose place memx assumed", "the details say the refusal comes from an assumed place")
    quit_memx()


def hostile_names():
    """The board's name may hold anything and is shown escaped (a region name with control
    bytes is refused on load: cli tests); a write onto a directory says why (not "(null)")."""
    prof = write("hostile.yaml", 'name: "hostile\\x1b[31m"\narch: arm64\nmemory: [{ base: 0x40000000, size: 256M }]\n'
                 'kernel-image: { size: 16M }\nreserved-memory:\n'
                 '  - { name: evil@48000000, reg: { base: 0x48000000, size: 2M } }\n')
    start(100, 30, profile=prof)
    expect(r"hostile\x1b[31m", "the board's name is shown escaped")
    # an export onto a directory is refused at once (no overwrite question) and says why
    d = os.path.join(WORK, "adir")
    os.makedirs(d, exist_ok=True)
    keys("x")
    keys("C-u")
    literal(d)
    keys("Enter")
    expect("cannot write %s: is a directory" % d, "the failure says what went wrong")
    expect_not("Overwrite it?", "and asks nothing it cannot do")
    expect_not("(null)", "and never says (null)")
    quit_memx()


def table():
    """The region table: a pane at 200x60, a page at 80x24; sort, filter, Enter selects in the bar."""
    start(200, 60)
    expect("Regions: 26, by address", "200x60: the table is a pane")
    keys("t")
    expect("Enter select in the bar", "t gives the table the keys")
    keys("o")
    expect("by size", "o sorts by size")
    ls = lines()
    head = next(i for i, l in enumerate(ls) if "Regions:" in l)
    check("secure_region@0" in ls[head + 2], "the biggest region comes first", ls[head + 2])
    keys("o")
    expect("by MemTotal cost", "o again: by what each costs")
    keys("o", "O")
    expect("by address, reversed", "O reverses")
    keys("O")
    keys("/")
    literal("region")
    keys("Enter")
    expect("matching", "the search filters the table")
    keys("j", "j", "Enter")
    settle()
    check("Enter select in the bar" not in screen(), "Enter gives the keys back to the bar")
    quit_memx()
    start(80, 24)
    expect("MemTotal", "table 80x24: started")
    keys("t")
    expect("Regions: 26", "80x24: t opens the table page")
    keys("End", "Enter")
    expect("secure_region@0 (secure_mem)", "Enter on the last row selects it in the bar")
    quit_memx()


def changes_view():
    """The changes page: every edit with what it moved, the total; one change reverted."""
    both = engine(lambda t: region_edit("splash_region@83000000", "freed-late: true", "freed-late: false")(
        region_edit("secure_region@0", "reusable: true", "reusable: false")(t)))["meminfo"]["MemTotal"]
    splash = engine(region_edit("splash_region@83000000", "freed-late: true", "freed-late: false"))["meminfo"]["MemTotal"]
    start(120, 40)
    expect("MemTotal", "changes: started")
    find("secure_region")
    keys("r")
    find("splash")
    keys("l")
    keys("c")
    expect("Changes since the profile was loaded: 2", "c lists the changes")
    expect("secure_region@0: reusable off", "each change is named")
    expect("-114688", "with what it moved")
    expect("903088 → %d KiB" % both, "and the total")
    keys("k", "D")
    expect("Revert #1", "D asks before reverting")
    keys("y")
    expect("reverted #1", "one change is reverted, the other stays")
    keys("q")
    expect("MemTotal  903088 → %d" % splash, "MemTotal is what the remaining change gives")
    quit_memx()


def legend():
    """The legend: a pane with every kind and mark at 120x40, a page on i at 80x24."""
    start(120, 40)
    expect("predicted only", "120x40: the legend pane lists every mark")
    check("freed late" in screen() and "default cma" in screen(), "and every kind")
    quit_memx()
    start(80, 24)
    expect("MemTotal", "legend 80x24: started")
    keys("i")
    expect("Legend: every kind", "i opens the legend page")
    keys("End")
    expect("observed", "it scrolls to the log marks")
    keys("q")
    expect("Accounting", "q closes it")
    quit_memx()


def cma_creation():
    """Making a CMA pool is one action; reusable alone warns."""
    added = engine(lambda t: t.rstrip("\n") + "\n  - name: mycma\n    compatible: shared-dma-pool\n"
                   "    reusable: true\n    size: 64M\n")
    cma = added["meminfo"]["CmaTotal"]
    start(100, 30)
    expect("MemTotal", "cma: started")
    keys("A")
    literal("mycma 64M")
    keys("Enter")
    keys("r")
    expect("Make it a CMA pool", "r on a region without shared-dma-pool offers a CMA pool")
    keys("y")
    expect("mycma is a CMA pool", "y makes it one")
    expect("CmaTotal  159744 → %d (%+d)" % (cma, cma - 159744), "CmaTotal grows as the engine predicts")
    keys("A")
    literal("other 8M")
    keys("Enter")
    keys("r")
    keys("n")
    expect("no kernel driver makes it a CMA pool", "n: reusable only, and the status warns")
    keys("e")
    expect("reusable-ignored", "memx check's new warning is in the list")
    keys("q")
    quit_memx()


def search_counts():
    """The search says match k/N."""
    base = engine()
    n = sum(1 for r in base["regions"] if "region" in r["name"])
    start(100, 30)
    expect("MemTotal", "search: started")
    find("region")
    expect("match 1/%d" % n, "the first match says 1/%d" % n)
    keys("n")
    expect("match 2/%d" % n, "n says 2/%d" % n)
    keys("N")
    expect("match 1/%d" % n, "N goes back")
    quit_memx()


def suspend_resume():
    """^Z gives the terminal back to the shell; fg takes it again.

    Run from an interactive shell, as a user does: under `sh -c` memx's process
    group is orphaned and the kernel discards a stop signal (POSIX), so ^Z
    could not be seen there."""
    bash = shutil.which("bash")
    if not bash:
        print("SKIPPED: bash is not installed: ^Z was not tested", file=sys.stderr)
        return
    tmux("kill-server", check=False)
    for attempt in range(50):
        r = tmux("new-session", "-d", "-s", "t", "-x", "100", "-y", "30",
                 "cd %s && PS1='sh$ ' %s --norc --noprofile -i" % (WORK, bash), check=False)
        if r.returncode == 0:
            break
        time.sleep(0.1)
    wait_for("sh$ ")
    literal("TERM=xterm-256color %s %s" % (MEMX, PROFILE))
    keys("Enter")
    expect("MemTotal", "suspend: started")
    keys("C-z")
    expect("Stopped", "^Z: the shell says memx stopped")
    alt = tmux("display-message", "-p", "-t", "t", "#{alternate_on}").stdout.strip()
    check(alt == "0", "^Z: the terminal is back to the shell's screen")
    literal("fg")
    keys("Enter")
    expect("MemTotal", "fg: the explorer is back")
    alt = tmux("display-message", "-p", "-t", "t", "#{alternate_on}").stdout.strip()
    check(alt == "1", "in the alternate screen again")
    keys("j", "k")
    quit_memx()
    settle()
    literal("echo EXITED=$?")
    keys("Enter")
    expect("EXITED=0", "and quits normally")


def sizes():
    """From 60x16 to 300x100: every size draws and takes keys."""
    for cols, rows in ((60, 16), (300, 100)):
        start(cols, rows)
        expect("MemTotal", "%dx%d draws" % (cols, rows))
        keys("j", "t", "j", "t", "i", "q", "e", "q", "c", "q", "Tab", "+", "-")
        settle(0.5)
        check(alive() and "EXITED" not in screen(), "%dx%d takes keys" % (cols, rows))
        if cols >= 200:
            check("Regions:" in screen() and "Legend" not in screen() and "predicted only" in screen(),
                  "300x100: table and legend panes")
        quit_memx()


def property_edits():
    """compatible, label and name from the explorer, as --set can."""
    start(100, 30)
    expect("MemTotal", "props: started")
    find("venus")
    keys("T")
    keys("C-u")
    literal("bad label")
    keys("Enter")
    expect("expected a label", "a label that is not a DTS label is refused")
    keys("C-u")
    literal("my_label")
    keys("Enter")
    expect("venus_region@0 (my_label)", "T sets the label")
    keys("E")
    keys("C-u")
    literal("renamed@0")
    keys("Enter")
    expect("renamed@0 (my_label)", "E renames the node")
    keys("P")
    keys("C-u")
    literal("vendor,pool")
    keys("Enter")
    expect("compatible vendor,pool", "P sets the compatible")
    keys("p")
    literal("status=disabled")
    keys("Enter")
    expect("disabled", "p sets any property as --set does")
    quit_memx()


def overrides_like_cli():
    """The explorer's X writes the same overrides file as the scripted memx export --set."""
    golden = os.path.join(SRC, "tests", "golden", "export-overrides-msm8937", "expected")
    start(100, 30)
    expect("MemTotal", "overrides: started")
    find("secure_region")
    expect("secure_region@0 (secure_mem)", "overrides: secure_region@0 selected")
    keys("r")
    find("cont_splash")
    expect("(cont_splash_mem)", "overrides: the splash selected by its label")
    keys("d")
    expect("splash_region@83000000: disabled", "overrides: splash disabled")
    out = os.path.join(WORK, "changes.dtsi")
    keys("X")
    expect("export the changes as DTS overrides", "overrides: X asks where")
    keys("C-u")
    literal(out)
    keys("Enter")
    expect("exported the changes as overrides", "overrides: written")
    if not os.path.exists(out):
        failures.append("overrides: nothing written")
    elif open(out).read() != open(golden).read():
        failures.append("overrides: the explorer wrote\n%s\nbut memx export --set writes\n%s" %
                        (open(out).read(), open(golden).read()))
    else:
        print("ok: the explorer's overrides equal tests/golden/export-overrides-msm8937/expected")
    quit_memx()


def boot_log():
    """--log: the accounting pane holds the prediction against a boot log; L hides it."""
    prof = os.path.join(SRC, "profiles", "qemu-virt-arm64-6.1.yaml")
    log = os.path.join(SRC, "tests", "compare", "virt-512m-differs.log")
    # 120 columns: the right column holds a whole comparison line (narrower ones end in …)
    start(120, 40, ("--log", log), prof)
    expect("vs boot log: 16 figures, 3 differ", "log: the comparison is shown")
    expect("reserved: 44068 KiB, log 52260 KiB (+8192 KiB)", "log: the reserved difference is listed")
    keys("L")
    expect("boot log comparison hidden", "log: L hides it")
    check("vs boot log" not in screen(), "log: hidden after L")
    keys("L")
    expect("vs boot log: 16 figures, 3 differ", "log: L shows it again")
    find("linear")
    expect("how        linear map", "log: details show how the model counted")
    check("linear map (pages, rodata=full): 256 PTE tables" in details_value("how"),
          "log: details show the model's formula", details_value("how"))
    keys("q")
    expect("EXITED=0", "log: q quits")
    bad = write("junk.log", "not a boot log\n")
    start(100, 30, ("--log", bad), prof)
    expect("junk.log:1:1: error: expected a kernel boot log", "log: a bad log is one clear line")
    expect("EXITED=3", "log: a bad log exits 3")


def pane_pid():
    return int(tmux("list-panes", "-t", "t", "-F", "#{pane_pid}").stdout.split()[0])


def signals():
    """SIGTERM and a crash signal: the terminal is restored and the status says why."""
    for sig, status in (("TERM", 143), ("SEGV", 139)):
        start(80, 24)
        expect("MemTotal", "signals: started for SIG%s" % sig)
        # the pane runs sh -c '... memx ...; echo EXITED=$?'; memx is its child
        r = subprocess.run(["pkill", "-%s" % sig, "-P", str(pane_pid()), "-x", "memx"],
                           capture_output=True, text=True)
        if r.returncode:
            failures.append("signals: could not signal memx (pkill: %s)" % r.stderr.strip())
            continue
        expect("EXITED=%d" % status, "SIG%s: memx dies of it (status %d)" % (sig, status))
        alt = tmux("display-message", "-p", "-t", "t", "#{alternate_on}").stdout.strip()
        check(alt == "0", "SIG%s restored the terminal" % sig)


def fuzz(seed=20261124, n=10000):
    """10,000 random keys: no crash, no hang; the explorer still answers after."""
    start(80, 24)
    expect("MemTotal", "fuzz: started at 80x24")
    rnd = random.Random(seed)
    special = ["Up", "Down", "PPage", "NPage", "Home", "End", "Enter", "Escape", "Tab", "BTab",
               "BSpace", "DC", "Left", "Right", "C-r", "C-l", "F1", "C-u"]
    alphabet = [c for c in "abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789+-=[]/ .,@xé!"]
    sent = 0
    while sent < n:
        batch = []
        for _ in range(100):
            r = rnd.random()
            if r < 0.3:
                batch.append(rnd.choice(special))
            else:
                batch.append(rnd.choice(alphabet))
        keys(*batch)
        sent += len(batch)
        if not alive() or "EXITED=" in screen():
            failures.append("fuzz: memx exited or died after about %d keys (seed %d)" % (sent, seed))
            return
    keys("Escape", "Escape", "Escape", "q", "q", "Escape")
    time.sleep(0.3)
    if wait_for("Quit anyway", 1):
        keys("n")
    keys("Escape", "?")
    if not expect("this help (q closes it)", "fuzz: still answers after %d random keys" % n, timeout=10):
        return
    keys("q", "q")
    if wait_for("Quit anyway", 3):
        keys("y")
    expect("EXITED=0", "fuzz: quits cleanly")


TESTS = [basics, goto_selects_owner, diagnostics, resize_keeps_cursor, too_small_and_help,
         input_line_scrolls, cursor_follows_edits, non_ascii_input, units_and_ellipsis,
         errors_on_status_line, save_keeps_or_warns_comments, dts_default_names, colours,
         details_wrap_words, assumed_settings, hostile_names, table, changes_view, legend,
         cma_creation, search_counts, suspend_resume, sizes, property_edits, overrides_like_cli,
         boot_log]


def main():
    global WORK
    if not shutil.which("tmux"):
        print("SKIPPED: tmux is not installed; the explorer was not tested", file=sys.stderr)
        print("SKIPPED: tmux is not installed; the explorer was not tested")
        return 77
    names = [a for a in sys.argv[3:] if not a.startswith("--")]
    tests = [t for t in TESTS if not names or t.__name__ in names]
    if not names and "--no-fuzz" not in sys.argv:
        tests += [signals, fuzz] if shutil.which("pkill") else [fuzz]
    elif names:
        tests += [t for t in (signals, fuzz) if t.__name__ in names]
    WORK = tempfile.mkdtemp(prefix="memx-tui-")
    try:
        for t in tests:
            print("== %s" % t.__name__)
            try:
                t()
            except Exception as e:  # one broken test must not hide the others
                failures.append("%s raised %r; the screen was:\n%s" % (t.__name__, e, screen()))
            if VALGRIND:
                # the last run ends when the next test's kill-server hangs it up: end it now
                tmux("kill-server", check=False)
                time.sleep(1.0)
                for log in valgrind_logs():
                    failures.append("%s: valgrind:\n%s" % (t.__name__, log))
    finally:
        tmux("kill-server", check=False)
        shutil.rmtree(WORK, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
