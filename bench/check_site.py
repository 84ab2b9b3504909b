#!/usr/bin/env python3
"""Check that a site written by gen_site.py is well-formed.

    bench/check_site.py OUT_DIR

Roadbook side (OUT_DIR/roadbook): every front matter parses with tomllib, has only the keys
SPEC §3 lists and its required ones, ids are lowercase ASCII, every id reference and every
[[...]] cross-link names a page that exists, `requires` is acyclic, no fenced code block occurs
twice in the whole site, and the per-page shape (3-6 headings, 2-3 code blocks of 10-30 lines,
3-6 links, 400-900 prose words) holds. Hugo side (OUT_DIR/hugo): front matter parses, and every
internal Markdown link points to a content file. Exit 1 with a list of problems, else 0.
"""

from __future__ import annotations

import collections
import hashlib
import os
import re
import sys
import tomllib

KINDS = {"stages": "stage", "topics": "topic", "blog": "post", "books": "book", "projects": "project"}
FIELDS = {
    "stage": {"title", "order", "duration", "summary", "parallel"},
    "topic": {"title", "stage", "order", "requires", "related", "books", "tags", "summary", "resources"},
    "project": {"title", "stage", "topics", "summary"},
    "book": {"title", "author", "year", "isbn", "url", "topics", "summary"},
    "post": {"title", "date", "updated", "topics", "tags", "draft", "summary", "slug"},
    "home": {"title", "summary", "template"},
}
REQUIRED = {"stage": {"title", "order"}, "topic": {"title", "stage"}, "project": {"title", "stage"},
            "book": {"title", "author"}, "post": {"title", "date"}, "home": {"title"}}
ID_RE = re.compile(r"^[a-z0-9-]+$")
LINK_RE = re.compile(r"\[\[([^\]]+)\]\]")
MD_LINK_RE = re.compile(r"\]\((/[^)]*)\)")
FENCE_RE = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.M | re.S)
HEADING_RE = re.compile(r"^#{2,3} ", re.M)


def split(path: str) -> tuple[dict, str]:
    text = open(path, encoding="utf-8").read()
    if not text.startswith("+++\n"):
        raise ValueError("does not start with +++")
    end = text.index("\n+++\n", 3)
    return tomllib.loads(text[4:end + 1]), text[end + 5:]


def load(root: str) -> tuple[dict, list[str]]:
    pages, problems = {}, []
    content = os.path.join(root, "content")
    for section, kind in KINDS.items():
        d = os.path.join(content, section)
        for name in sorted(os.listdir(d)):
            pid = name[:-3]
            path = os.path.join(d, name)
            try:
                fm, body = split(path)
            except Exception as e:  # noqa: BLE001
                problems.append(f"{path}: front matter: {e}")
                continue
            pages[pid] = (kind, fm, body, path)
    try:
        fm, _ = split(os.path.join(content, "_index.md"))
        if "title" not in fm:
            problems.append("content/_index.md: no title")
    except Exception as e:  # noqa: BLE001
        problems.append(f"content/_index.md: {e}")
    return pages, problems


def prose_words(body: str) -> int:
    body = FENCE_RE.sub("", body)
    n = 0
    for line in body.splitlines():
        if line.startswith(("#", "|", "- [", "[^")):
            continue
        n += len(line.split())
    return n


def check_roadbook(root: str) -> tuple[list[str], dict]:
    pages, problems = load(root)
    try:
        tomllib.load(open(os.path.join(root, "config.toml"), "rb"))
    except Exception as e:  # noqa: BLE001
        problems.append(f"config.toml: {e}")
    topic_index = {pid: i for i, pid in enumerate(sorted(p for p, v in pages.items() if v[0] == "topic"))}
    code_seen: dict[str, str] = {}
    stats = collections.Counter()
    langs = collections.Counter()
    for pid, (kind, fm, body, path) in pages.items():
        if kind != "post" and not ID_RE.match(pid):
            problems.append(f"{path}: id {pid!r} is not lowercase ASCII")
        unknown = set(fm) - FIELDS[kind]
        missing = REQUIRED[kind] - set(fm)
        if unknown:
            problems.append(f"{path}: unknown keys {sorted(unknown)}")
        if missing:
            problems.append(f"{path}: missing keys {sorted(missing)}")
        for res in fm.get("resources", []):
            if set(res) - {"title", "url", "kind"} or not {"title", "url"} <= set(res):
                problems.append(f"{path}: bad resource {res}")
            if res.get("kind") not in {"docs", "article", "video", "course", "book", "tool"}:
                problems.append(f"{path}: bad resource kind {res.get('kind')}")
        refs = [("stage", [fm["stage"]] if "stage" in fm else [], "stage")]
        refs += [(k, fm.get(k, []), "topic") for k in ("requires", "related", "topics")]
        refs += [("books", fm.get("books", []), "book")]
        for key, ids, want in refs:
            for ref in ids:
                if ref not in pages or pages[ref][0] != want:
                    problems.append(f"{path}: {key} -> {ref!r} is not a {want}")
        if kind == "topic":
            for ref in fm.get("requires", []):
                if ref in topic_index and topic_index[ref] >= topic_index[pid]:
                    problems.append(f"{path}: requires {ref} with a higher index")
                if ref in pages and pages[ref][1]["stage"] > fm["stage"]:
                    problems.append(f"{path}: requires {ref} from a later stage")
            if "- [ ] " not in body and "- [x] " not in body:
                problems.append(f"{path}: topic without a task list")
        if kind == "post":
            import datetime as dt
            if not isinstance(fm["date"], dt.date) or not 2020 <= fm["date"].year <= 2026:
                problems.append(f"{path}: bad date {fm['date']!r}")
        links = LINK_RE.findall(body)
        for link in links:
            target = link.split("|")[0].split("#")[0]
            want = None
            if ":" in target:
                prefix, target = target.split(":", 1)
                want = {"book": "book", "post": "post"}.get(prefix)
                if want is None:
                    problems.append(f"{path}: unknown link prefix in [[{link}]]")
            if target not in pages or (want and pages[target][0] != want):
                problems.append(f"{path}: broken link [[{link}]]")
            if target == pid:
                problems.append(f"{path}: links to itself")
        if not 3 <= len(links) <= 6:
            problems.append(f"{path}: {len(links)} links")
        heads = len(HEADING_RE.findall(FENCE_RE.sub("", body)))
        if not 3 <= heads <= 6:
            problems.append(f"{path}: {heads} headings")
        blocks = FENCE_RE.findall(body)
        if not 2 <= len(blocks) <= 3:
            problems.append(f"{path}: {len(blocks)} code blocks")
        for lang, code in blocks:
            langs[lang] += 1
            n = code.count("\n")
            if not 10 <= n <= 30:
                problems.append(f"{path}: {lang} block of {n} lines")
            h = hashlib.sha256(code.encode()).hexdigest()
            if h in code_seen:
                problems.append(f"{path}: code block repeats one in {code_seen[h]}")
            code_seen[h] = path
        w = prose_words(body)
        if not 400 <= w <= 900:
            problems.append(f"{path}: {w} prose words")
        stats[kind] += 1
        stats["words"] += w
        stats["tables"] += "\n|---" in body
        stats["links"] += len(links)
    # requires must be acyclic (independently of the index rule above)
    graph = {pid: v[1].get("requires", []) for pid, v in pages.items() if v[0] == "topic"}
    state: dict[str, int] = {}
    for start in graph:
        if state.get(start):
            continue
        stack = [(start, iter(graph[start]))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
            elif state.get(nxt) == 1:
                problems.append(f"requires cycle through {nxt}")
            elif not state.get(nxt) and nxt in graph:
                state[nxt] = 1
                stack.append((nxt, iter(graph[nxt])))
    stats["code blocks"] = len(code_seen)
    return problems, {"stats": stats, "langs": langs}


def check_hugo(root: str) -> list[str]:
    problems = []
    content = os.path.join(root, "content")
    for section in KINDS:
        for name in sorted(os.listdir(os.path.join(content, section))):
            path = os.path.join(content, section, name)
            try:
                fm, body = split(path)
            except Exception as e:  # noqa: BLE001
                problems.append(f"{path}: front matter: {e}")
                continue
            if LINK_RE.search(body):
                problems.append(f"{path}: roadbook [[link]] in the Hugo twin")
            for url in MD_LINK_RE.findall(body):
                m = re.fullmatch(r"/(\w+)/([a-z0-9-]+)/", url)
                if not m or not os.path.exists(os.path.join(content, m[1], m[2] + ".md")):
                    problems.append(f"{path}: broken link {url}")
    try:
        tomllib.load(open(os.path.join(root, "hugo.toml"), "rb"))
    except Exception as e:  # noqa: BLE001
        problems.append(f"hugo.toml: {e}")
    return problems


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    problems, info = check_roadbook(os.path.join(out, "roadbook"))
    problems += check_hugo(os.path.join(out, "hugo"))
    s = info["stats"]
    n = sum(s[k] for k in ("stage", "topic", "post", "book", "project"))
    print(f"{n} pages: {s['stage']} stages, {s['topic']} topics, {s['post']} posts, {s['book']} books, "
          f"{s['project']} projects; {s['words']} prose words ({s['words'] // max(n, 1)}/page), "
          f"{s['code blocks']} code blocks (all unique), {s['tables']} tables, {s['links']} cross-links")
    print("languages: " + ", ".join(f"{k} {v}" for k, v in sorted(info["langs"].items())))
    for p in problems[:50]:
        print("PROBLEM " + p)
    if problems:
        print(f"{len(problems)} problems")
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
