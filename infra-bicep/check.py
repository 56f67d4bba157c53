#!/usr/bin/env python3
"""Static checks for infra-bicep/ where no Bicep compiler is available.

Not a compiler: it catches the mistakes a reviewer would, mechanically.
  1. brackets, braces and quotes balance in every .bicep/.bicepparam file;
  2. every `param x = ...` in main.bicepparam is declared in main.bicep;
  3. every module call passes only parameters the module declares, and every parameter without a default;
  4. every `'Type@apiVersion'` used appears in README.md's verification table;
  5. every role-definition GUID used appears in README.md.
Run: python3 infra-bicep/check.py   (exit 0 = clean; prints one line per problem otherwise)
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
problems = []


def strip_comments_and_strings(text):
    """Blank out // comments, /* */ comments and '...' strings (Bicep escapes a quote as \\')."""
    out, i, n = [], 0, len(text)
    while i < n:
        if text.startswith("//", i):
            while i < n and text[i] != "\n":
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                problems.append("unterminated /* comment")
                return "".join(out)
            i = end + 2
        elif text[i] == "'":
            i += 1
            while i < n and text[i] != "'":
                i += 2 if text[i] == "\\" else 1
            if i >= n:
                problems.append("unterminated string")
            i += 1
            out.append("''")
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def check_balance(path, code):
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for line_no, line in enumerate(code.splitlines(), 1):
        for ch in line:
            if ch in "([{":
                stack.append((ch, line_no))
            elif ch in pairs:
                if not stack or stack[-1][0] != pairs[ch]:
                    problems.append(f"{path.name}:{line_no}: unbalanced '{ch}'")
                    return
                stack.pop()
    if stack:
        problems.append(f"{path.name}:{stack[-1][1]}: '{stack[-1][0]}' never closed")


PARAM = re.compile(r"^param\s+(\w+)\s+(\w+)(\s*=)?", re.M)


def declared_params(code):
    """name -> has_default"""
    return {m.group(1): bool(m.group(3)) for m in PARAM.finditer(code)}


def module_calls(code):
    """Yields (module path, passed param names) for each `module x 'path' = { ... params: { ... } }`."""
    for m in re.finditer(r"^module\s+\w+\s+'([^']+)'\s*=\s*\{", code, re.M):
        start, depth, i = m.end(), 1, m.end()
        while depth and i < len(code):
            depth += {"{": 1, "}": -1}.get(code[i], 0)
            i += 1
        body = code[start:i]
        p = re.search(r"\bparams:\s*\{", body)
        names = set()
        if p:
            depth = 1
            for line in body[p.end():].splitlines():
                key = re.match(r"\s*(\w+)\s*:", line)
                if depth == 1 and key:
                    names.add(key.group(1))
                for ch in strip_comments_and_strings(line):
                    depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(ch, 0)
                if depth <= 0:
                    break
        yield m.group(1), names


files = sorted(ROOT.glob("*.bicep")) + sorted(ROOT.glob("modules/*.bicep")) + sorted(ROOT.glob("*.bicepparam"))
raw = {f: f.read_text(encoding="utf-8") for f in files}
code = {f: strip_comments_and_strings(t) for f, t in raw.items()}

for f in files:
    check_balance(f, code[f])

main = ROOT / "main.bicep"
main_params = declared_params(raw[main])
for m in re.finditer(r"^param\s+(\w+)\s*=", raw[ROOT / "main.bicepparam"], re.M):
    if m.group(1) not in main_params:
        problems.append(f"main.bicepparam: '{m.group(1)}' is not a parameter of main.bicep")

for f in files:
    if f.suffix != ".bicep":
        continue
    for module_path, passed in module_calls(raw[f]):
        target = (f.parent / module_path).resolve()
        if not target.exists():
            problems.append(f"{f.name}: module '{module_path}' not found")
            continue
        wanted = declared_params(target.read_text(encoding="utf-8"))
        for name in sorted(passed - wanted.keys()):
            problems.append(f"{f.name}: passes '{name}' that {module_path} does not declare")
        for name, has_default in sorted(wanted.items()):
            if not has_default and name not in passed:
                problems.append(f"{f.name}: does not pass required '{name}' to {module_path}")

for f in files:
    for m in re.finditer(r"'([A-Za-z]+\.[A-Za-z]+/[A-Za-z/]+)@([0-9]{4}-[0-9]{2}-[0-9]{2}(?:-preview)?)'", raw[f]):
        type_name, version = m.groups()
        if not re.search(re.escape(type_name) + r"`?\s*\|\s*`?" + re.escape(version), README):
            problems.append(f"{f.name}: {type_name}@{version} is missing from README.md's table")
    for guid in set(re.findall(r"'([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})'", raw[f])):
        if guid not in README:
            problems.append(f"{f.name}: role GUID {guid} is not documented in README.md")

problems = list(dict.fromkeys(problems))
for p in problems:
    print(p)
print(f"{len(files)} files checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
