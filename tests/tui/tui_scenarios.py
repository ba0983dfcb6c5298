"""tui_scenarios.py - the first half of tui_tmux.py's scenarios: scripted edits, save and
export (basics), and the issue 11 bugs up to the DTS default names; one function each.
"""
from tmux_harness import *  # noqa: F401,F403 (the harness's names are the scenarios' words)


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
