#!/usr/bin/env python3
"""screens.py MEMX SOURCE_DIR OUTDIR [--check] - the README's explorer captures, made from the real program.

Runs `memx profiles/msm8937.yaml` in tmux at 80x24, 120x40 and 200x60 (the splash region
selected and no longer freed late, so that the accounting shows a change) and writes
OUTDIR/explorer-WxH.txt, the screen as text, and OUTDIR/explorer-120x40.png, the same
screen in colour: tmux's capture with its escapes, drawn cell by cell into an SVG and
converted by rsvg-convert (librsvg). Run it deliberately, read the diff, then paste the text
captures into README.md. With --check (the ctest readme_captures) it makes the text captures
only and fails when one differs from the block under its "WxH" paragraph in README.md, so
the README never shows a screen the program no longer draws.
"""
import html
import os
import re
import shutil
import subprocess
import sys
import time

MEMX, SRC, OUT = (os.path.abspath(a) for a in sys.argv[1:4])
CHECK = "--check" in sys.argv[4:]
# the captures are of a UTF-8 terminal, whatever locale the test runs in (CI's may be C)
os.environ["LC_ALL"] = "C.UTF-8"
SOCK = "memx-screens-%d" % os.getpid()
SIZES = ((80, 24), (120, 40), (200, 60))
PNG_SIZE = (120, 40)


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCK, "-f", "/dev/null"] + list(args), check=check,
                          capture_output=True, text=True)


def capture(escapes):
    return tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "t").stdout


def wait_for(text, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        if text in capture(False):
            return True
        time.sleep(0.05)
    raise RuntimeError("'%s' never appeared:\n%s" % (text, capture(False)))


def run(cols, rows):
    """The screen (text, and text with escapes) after the scripted keys."""
    tmux("kill-server", check=False)
    cmd = "cd %s && TERM=xterm-256color %s profiles/msm8937.yaml; sleep 60" % (SRC, MEMX)
    for _ in range(50):
        if tmux("new-session", "-d", "-s", "t", "-x", str(cols), "-y", str(rows), cmd,
                check=False).returncode == 0:
            break
        time.sleep(0.1)
    wait_for("MemTotal")
    tmux("send-keys", "-t", "t", "/")
    tmux("send-keys", "-t", "t", "-l", "splash")
    tmux("send-keys", "-t", "t", "Enter")
    wait_for("match 1/1")
    tmux("send-keys", "-t", "t", "l")
    wait_for("freed-late off")
    time.sleep(0.3)
    return capture(False), capture(True)


def palette(n):
    """xterm's 256 colours."""
    base = ["000000", "cd0000", "00cd00", "cdcd00", "0000ee", "cd00cd", "00cdcd", "e5e5e5",
            "7f7f7f", "ff0000", "00ff00", "ffff00", "5c5cff", "ff00ff", "00ffff", "ffffff"]
    if n < 16:
        return "#" + base[n]
    if n < 232:
        n -= 16
        lv = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (lv[n // 36], lv[n // 6 % 6], lv[n % 6])
    g = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (g, g, g)


FG, BG = "#d0d0d0", "#101010"


def cells(text, cols):
    """Rows of (char, fg, bg, bold) from tmux's capture with SGR escapes."""
    out = []
    for line in text.split("\n"):
        row, fg, bg, bold, rev = [], None, None, False, False
        pos = 0
        for m in re.finditer(r"\x1b\[([0-9;:]*)m|(.)", line):
            if m.group(2) is not None:
                f, b = fg or FG, bg or BG
                if rev:
                    f, b = b, f
                row.append((m.group(2), f, b, bold))
                continue
            codes = [int(c) if c else 0 for c in re.split(r"[;:]", m.group(1))]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0:
                    fg = bg = None
                    bold = rev = False
                elif c == 1:
                    bold = True
                elif c == 22:
                    bold = False
                elif c == 7:
                    rev = True
                elif c == 27:
                    rev = False
                elif 30 <= c <= 37:
                    fg = palette(c - 30)
                elif 90 <= c <= 97:
                    fg = palette(c - 90 + 8)
                elif 40 <= c <= 47:
                    bg = palette(c - 40)
                elif 100 <= c <= 107:
                    bg = palette(c - 100 + 8)
                elif c == 39:
                    fg = None
                elif c == 49:
                    bg = None
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    if c == 38:
                        fg = palette(codes[i + 2])
                    else:
                        bg = palette(codes[i + 2])
                    i += 2
                elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
                    col = "#%02x%02x%02x" % tuple(codes[i + 2:i + 5])
                    if c == 38:
                        fg = col
                    else:
                        bg = col
                    i += 4
                i += 1
            pos = m.end()
        row += [(" ", FG, BG, False)] * (cols - len(row))
        out.append(row[:cols])
    return out


def svg(grid, cols, rows):
    cw, ch, fs = 8.4, 17, 14
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d">' % (cols * cw, rows * ch),
             '<rect width="100%%" height="100%%" fill="%s"/>' % BG]
    for y, row in enumerate(grid[:rows]):
        for x, (c, f, b, bold) in enumerate(row):
            if b != BG:
                parts.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>' %
                             (x * cw, y * ch, cw + 0.3, ch, b))
        x = 0
        while x < len(row):
            # a run of one style, drawn at exact cell widths
            c, f, b, bold = row[x]
            end = x
            while end < len(row) and row[end][1:] == row[x][1:]:
                end += 1
            text = "".join(r[0] for r in row[x:end])
            if text.strip():
                parts.append('<text x="%.1f" y="%d" fill="%s" font-family="DejaVu Sans Mono" '
                             'font-size="%d"%s xml:space="preserve" textLength="%.1f" '
                             'lengthAdjust="spacingAndGlyphs">%s</text>' %
                             (x * cw, y * ch + 13, f, fs, ' font-weight="bold"' if bold else "",
                              (end - x) * cw, html.escape(text)))
            x = end
    parts.append("</svg>")
    return "\n".join(parts)


def readme_capture(cols, rows):
    """The fenced block after the README paragraph that starts with "COLSxROWS"."""
    lines = open(os.path.join(SRC, "README.md"), encoding="utf-8").read().split("\n")
    for i, line in enumerate(lines):
        if line.startswith("%dx%d" % (cols, rows)) and not line.startswith("%dx%d," % (cols, rows)):
            j = i + 1
            while j < len(lines) and lines[j] != "```":
                j += 1
            k = j + 1
            while k < len(lines) and lines[k] != "```":
                k += 1
            return "\n".join(l.rstrip() for l in lines[j + 1:k]) + "\n"
    return None


def main():
    if not shutil.which("tmux"):
        print("SKIPPED: screens.py: tmux is not installed", file=sys.stderr)
        return 77 if CHECK else 1
    os.makedirs(OUT, exist_ok=True)
    differ = 0
    try:
        for cols, rows in SIZES:
            text, esc = run(cols, rows)
            shot = "\n".join(l.rstrip() for l in text.rstrip("\n").split("\n")) + "\n"
            with open(os.path.join(OUT, "explorer-%dx%d.txt" % (cols, rows)), "w") as f:
                f.write(shot)
            if CHECK:
                want = readme_capture(cols, rows)
                if want is None:
                    print("FAIL: README.md has no %dx%d capture" % (cols, rows), file=sys.stderr)
                    differ += 1
                elif want != shot:
                    print("FAIL: README.md's %dx%d capture is not what the explorer draws now:"
                          % (cols, rows), file=sys.stderr)
                    for n, (a, b) in enumerate(zip(want.split("\n"), shot.split("\n"))):
                        if a != b:
                            print("  row %d README: %s\n  row %d now:    %s" % (n, a, n, b),
                                  file=sys.stderr)
                    differ += 1
                else:
                    print("ok %dx%d: README.md's capture is the screen" % (cols, rows))
                continue
            if (cols, rows) == PNG_SIZE:
                path = os.path.join(OUT, "explorer-%dx%d" % (cols, rows))
                with open(path + ".svg", "w") as f:
                    f.write(svg(cells(esc, cols), cols, rows))
                if shutil.which("rsvg-convert"):
                    subprocess.run(["rsvg-convert", "-o", path + ".png", path + ".svg"], check=True)
                    os.unlink(path + ".svg")
                else:
                    print("screens.py: rsvg-convert missing: left %s.svg" % path, file=sys.stderr)
            print("captured %dx%d" % (cols, rows))
    finally:
        tmux("kill-server", check=False)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
