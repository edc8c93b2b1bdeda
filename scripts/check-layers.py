#!/usr/bin/env python3
"""The layers of the server and the one direction of their dependencies:

    MobilizeCore -> Platform -> Access -> Features -> Composition

A file may name what is declared in its own layer or a lower one, never a higher one: Platform
names no type of Access or of a feature, Access names none of a feature, and a feature names
nothing of the composition root. (MobilizeCore is its own module: the compiler keeps it apart.)
"Named" means a type declared at the top level of a file, or a property or method that a layer
adds to `Application` or `Request`. Comments and string literals do not count.

Exits 1 and lists every violation; `make test` runs it.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "App"
LAYERS = ["Platform", "Access", "Features", "Composition"]

TYPE = re.compile(
    r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate|final|indirect|nonisolated)\s+)*"
    r"(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w*)",
    re.M,
)
EXTENSION = re.compile(r"^extension\s+(Application|Request)\b[^{]*\{", re.M)
MEMBER = re.compile(r"^    (?:(?:public|package|internal|static|nonisolated)\s+)*(?:var|let|func)\s+([a-zA-Z_]\w*)", re.M)


def strip(source: str) -> str:
    """The source without comments and string literals (their text is not a dependency)."""
    source = re.sub(r"/\*.*?\*/", " ", source, flags=re.S)
    source = re.sub(r'"""(?:.|\n)*?"""', '""', source)
    source = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', source)
    return re.sub(r"//[^\n]*", "", source)


def layer_of(path: pathlib.Path) -> int | None:
    parts = path.relative_to(ROOT).parts
    if len(parts) > 1 and parts[0] in LAYERS:
        return LAYERS.index(parts[0])
    if parts[0] in ("configure.swift", "routes.swift"):
        return LAYERS.index("Composition")
    return None


def declarations(source: str):
    types = set(TYPE.findall(source))
    members = set()
    for match in EXTENSION.finditer(source):
        depth, index = 1, match.end()
        while depth and index < len(source):
            depth += {"{": 1, "}": -1}.get(source[index], 0)
            index += 1
        members.update(MEMBER.findall(source[match.end() : index]))
    return types, members


def main() -> int:
    files = {path: strip(path.read_text()) for path in sorted(ROOT.rglob("*.swift"))}
    declared = {}  # name -> (layer, file, kind)
    for path, source in files.items():
        layer = layer_of(path)
        if layer is None:
            continue
        types, members = declarations(source)
        for name in types:
            declared.setdefault(name, (layer, path, "type"))
        for name in members:
            declared.setdefault("." + name, (layer, path, "member"))
    violations = []
    for path, source in files.items():
        layer = layer_of(path)
        if layer is None:
            continue
        words = set(re.findall(r"\b[A-Z]\w*", source))
        members = set("." + m for m in re.findall(r"\.([a-zA-Z_]\w*)", source))
        for name in sorted(words | members):
            owner = declared.get(name)
            if owner and owner[0] > layer:
                violations.append(
                    f"{path.relative_to(ROOT.parent.parent)}: {LAYERS[layer]} names "
                    f"{name.lstrip('.')} ({owner[2]} of {LAYERS[owner[0]]}, "
                    f"{owner[1].relative_to(ROOT.parent.parent)})"
                )
    for line in violations:
        print(line)
    if violations:
        print(f"{len(violations)} reference(s) against the direction Core -> Platform -> Access -> Features -> Composition")
        return 1
    print(f"layers: {len(files)} files, every reference points down (Core -> Platform -> Access -> Features -> Composition)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
