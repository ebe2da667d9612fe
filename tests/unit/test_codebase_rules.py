"""The habits STYLE.md asks for, checked so they hold as the code grows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from playground.sim.kubectl import commands

SIM = Path(__file__).resolve().parents[2] / "playground" / "sim"
MAX_MODULE_LINES = 560  # STYLE.md's ~500-line budget, with a little slack for data tables


def _modules() -> list[Path]:
    return sorted(p for p in SIM.rglob("*.py") if "__pycache__" not in p.parts)


def test_simulator_imports_no_framework() -> None:
    pattern = re.compile(r"^\s*(from|import) (django|channels|celery)\b", re.MULTILINE)
    offenders = [str(p) for p in _modules() if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_only_the_clock_reads_time_or_global_randomness() -> None:
    pattern = re.compile(r"datetime\.now|time\.time\(|\brandom\.(random|choice|randint|uniform|"
                         r"shuffle|sample|seed)\(")
    offenders = [
        str(p) for p in _modules()
        if p.name != "clock.py" and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_simulator_never_executes_input() -> None:
    pattern = re.compile(r"\b(subprocess|os\.system|eval\(|exec\(|pickle|__import__)")
    offenders = [str(p) for p in _modules() if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_package_says_what_it_is_for() -> None:
    for init in SIM.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        assert ast.get_docstring(tree), f"{init} has no docstring"


def test_modules_stay_small() -> None:
    sizes = {str(p): len(p.read_text(encoding="utf-8").splitlines()) for p in _modules()}
    assert {p: n for p, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test_every_verb_module_is_registered_and_complete() -> None:
    folder = Path(commands.__file__).parent
    modules = list(commands.COMMANDS.values())
    modules += [sub for m in modules for sub in getattr(m, "SUBCOMMANDS", {}).values()]
    registered = {m.__name__.rsplit(".", 1)[-1] for m in modules}
    for path in folder.glob("*.py"):
        if path.stem in ("__init__", "unsupported"):
            continue
        text = path.read_text(encoding="utf-8")
        if "def run(" not in text:
            continue  # a helper module shared by verbs
        assert path.stem in registered, f"{path.name} is not in COMMANDS"
    for module in modules:
        name = module.__name__
        for attribute in ("run", "FLAGS", "HELP_PAGE", "EXAMPLES"):
            assert hasattr(module, attribute), f"kubectl {name}: no {attribute}"


def test_server_frames_are_built_only_from_their_types() -> None:
    # Outbound websocket frames are typed in playground/frames.py; a hand-written frame dict
    # elsewhere would drift from PROTOCOL.md unseen.
    web = SIM.parent
    pattern = re.compile(r"""\{\s*["']type["']\s*:""")
    offenders = [
        str(p) for p in sorted(web.rglob("*.py"))
        if SIM not in p.parents and p.name != "frames.py"
        and pattern.search(p.read_text(encoding="utf-8"))
        and p.name != "origin.py"  # builds an ASGI scope ({"type": "http"}), not a frame
    ]
    assert offenders == []


# Verbs that still read ``parsed`` outside their Options' completion (issue #12), each with why.
# The list only shrinks: a verb converted to an XxxOptions leaves it.
OPTIONS_EXEMPT: dict[str, str] = {
    "set_": "a parent command with no flags of its own: it only reads the subcommand word",
    "top": "a parent command with no flags of its own: it only reads the subcommand word",
    "api_versions": "takes no flags and no arguments",
    "cluster_info": "reads only its `dump` argument",
}


def _options_problems(tree: ast.Module) -> list[str]:
    """Why a verb module breaks the Options rule: not exactly one ``*Options`` class, or
    ``parsed`` read anywhere but inside ``*Options.complete`` and the calls that build it."""
    problems: list[str] = []
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name.endswith("Options")]
    if len(classes) != 1:
        problems.append(f"{len(classes)} *Options classes")
    allowed: set[int] = set()
    for cls in classes:
        for item in cls.body:
            if isinstance(item, ast.FunctionDef) and item.name == "complete":
                allowed.update(id(n) for n in ast.walk(item))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _calls_options_complete(node):
            allowed.update(id(n) for arg in node.args for n in ast.walk(arg))
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "parsed" and id(node) not in allowed:
            problems.append(f"line {node.lineno} reads parsed")
        if isinstance(node, ast.arg) and node.arg == "parsed" and id(node) not in allowed:
            problems.append(f"line {node.lineno} takes parsed")
    return problems


def _calls_options_complete(call: ast.Call) -> bool:
    """``XxxOptions.complete(...)`` or ``module.XxxOptions.complete(...)``."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "complete":
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else (
        owner.attr if isinstance(owner, ast.Attribute) else "")
    return name.endswith("Options")


def test_every_verb_reads_its_flags_through_one_options_object() -> None:
    """kubectl's pattern (#12): XxxOptions filled by complete(parsed, ctx), checked by validate(),
    used by the rest; ``run(parsed, ctx)`` itself may only hand ``parsed`` to complete."""
    folder = Path(commands.__file__).parent
    offenders: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.stem in ("__init__", "unsupported") or "def run(" not in text:
            continue
        problems = [
            p for p in _options_problems(ast.parse(text))
            if not p.startswith("line") or not _is_run_signature(text, p)
        ]
        if problems and path.stem not in OPTIONS_EXEMPT:
            offenders[path.stem] = problems
        if not problems:
            assert path.stem not in OPTIONS_EXEMPT, f"{path.stem} complies: drop its exemption"
    assert offenders == {}


def _is_run_signature(text: str, problem: str) -> bool:
    """``def run(parsed: Parsed, ctx: Ctx)`` is the dispatcher's signature: allowed."""
    line = int(problem.split()[1])
    return text.splitlines()[line - 1].lstrip().startswith("def run(parsed")
