#!/usr/bin/env python3
"""tui_tmux.py MEMX SOURCE_DIR [--no-fuzz] [--valgrind] [TEST...] - drive the real memx explorer inside tmux.

Every figure the test looks for on the screen is computed first by the engine
itself (`memx report --json` on a profile edited the same way), so the explorer
is held to exactly what the engine predicts. Each bug of issue 11 has its own
function below, named after what it checks. Exit 77 (ctest: skipped) when tmux
is not installed, saying so loudly. The harness is tmux_harness.py, the first
scenarios are in tui_scenarios.py, the rest below.
"""
import json
import random
import re
import shutil
import sys
import time

sys.dont_write_bytecode = True  # the modules below sit in the source tree: no __pycache__ there
from tmux_harness import *  # noqa: F401,F403
from tui_scenarios import *  # noqa: F401,F403


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
    if not shutil.which("tmux"):
        shutil.rmtree(WORK, ignore_errors=True)
        print("SKIPPED: tmux is not installed; the explorer was not tested", file=sys.stderr)
        print("SKIPPED: tmux is not installed; the explorer was not tested")
        return 77
    names = [a for a in sys.argv[3:] if not a.startswith("--")]
    tests = [t for t in TESTS if not names or t.__name__ in names]
    if not names and "--no-fuzz" not in sys.argv:
        tests += [signals, fuzz] if shutil.which("pkill") else [fuzz]
    elif names:
        tests += [t for t in (signals, fuzz) if t.__name__ in names]
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
