"""The PyInstaller recipe shared by exam-app.spec and bare-window.spec, so both are frozen the same way.

The specs put this folder on `sys.path` and call `freeze`. `EXAM_APP_ONEFILE=1` in the environment
builds one self-extracting file instead of a folder. PySide6's hooks collect every plugin of the Qt
modules in use (Wayland, EGL, GTK themes, image formats...) and every library those link; this keeps
only the plugins in QT_PLUGINS, and then only the shared libraries that something kept still links.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from PyInstaller.building.api import COLLECT, EXE, PYZ
from PyInstaller.building.build_main import Analysis
from PyInstaller.building.osx import BUNDLE
from PyInstaller.depend.bindepend import get_imports

from exam_app.core.frozen import MULTIPROCESSING_HOOK

HERE = Path(__file__).resolve().parent
ONEFILE = os.environ.get("EXAM_APP_ONEFILE") == "1"
# Windows hides the console of the GUI; Linux and macOS keep it, since the same program is the CLI.
CONSOLE = sys.platform != "win32"

# The only Qt plugins carried, as "type/file" under PySide6's plugins folder: a platform for the screen,
# `offscreen` for the self-test on headless machines, and on Linux the compose input context that makes
# dead keys work (typing é or ñ in an answer). No image formats (PNG is built into QtGui), no themes (the
# client draws Fusion everywhere), no Wayland (stations run X11), no TLS, SQL or print plugins.
QT_PLUGINS = {
    "linux": {
        "platforms/libqxcb.so",
        "platforms/libqoffscreen.so",
        "platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    },
    "win32": {"platforms/qwindows.dll", "platforms/qoffscreen.dll"},
    "darwin": {"platforms/libqcocoa.dylib", "platforms/libqoffscreen.dylib"},
}[sys.platform if sys.platform in ("win32", "darwin") else "linux"]
QT_PLUGIN_DIR = re.compile(r"^PySide6/(?:Qt/)?plugins/(.+)$")
# libpython3.11.so.1.0 (Linux), python311.dll and python3.dll (Windows), Python (a macOS framework).
LIBPYTHON = re.compile(r"^(?:lib)?python(?:3\.?\d*)?(?:\.|$)")
# Qt's translations of its own texts: the client installs no QTranslator, so they would never be read.
QT_TRANSLATIONS = re.compile(r"^PySide6/(?:Qt/)?translations/")
# SQLAlchemy's compiled (Cython) builds of eight of its modules: each has its pure-Python source beside it,
# which SQLAlchemy runs when the compiled one is absent. The sources are a third of the size, and the
# difference in speed is lost in what the program does with a database (mostly verifying signatures).
COMPILED_TWIN = re.compile(r"^(sqlalchemy/(?:\w+/)*_\w+_cy)\.[^/]+\.(?:so|pyd)$")
# Modules nothing exam_app runs needs, which PyInstaller's import scan would follow from optional
# imports: PySide6 names QtNetwork and QtDBus (whose libraries pull in Kerberos and TLS); SQLAlchemy names
# every database driver installed (the PostgreSQL one is for the tests only); pygments only colours Mako's
# and rich's tracebacks, which both do without; an offline app needs no TLS (urllib, http.client and
# asyncio import ssl only if present), no HTTP server or cookies, no XML-RPC; reportlab decodes byte
# strings with charset_normalizer (the reports pass text) and has a self-test importing unittest; the C
# `decimal` makes its pure-Python twin dead weight; reportlab's bitmap, PostScript and SVG renderers and
# their test drawings load only to save a drawing as a file of its own (the reports draw into the PDF).
# Pillow is replaced by stubs/PIL.
EXCLUDES = [
    "tkinter", "pydoc", "doctest", "pdb", "lib2to3", "IPython", "numpy", "pygments", "ssl", "_ssl",
    "PySide6.QtNetwork", "PySide6.QtDBus", "psycopg", "psycopg_binary", "psycopg2", "unittest", "xmlrpc",
    "_pydecimal", "charset_normalizer", "http.server", "http.cookiejar", "reportlab.graphics.renderPM",
    "reportlab.graphics.renderPS", "reportlab.graphics.renderSVG", "reportlab.graphics.testshapes",
]  # fmt: skip


def freeze(
    name: str,
    script: str,
    *,
    datas: Iterable[tuple[str, str]] = (),
    hiddenimports: Iterable[str] = (),
    cli_twin: bool = False,
) -> None:
    """Freeze `script` (in this folder) into `dist/NAME/NAME` or, with EXAM_APP_ONEFILE=1, `dist/NAME`.

    `cli_twin` adds `NAME-cli.exe` with a console beside the windowed executable on Windows, for the
    commands administrators type (one folder only: one file is one program).
    """
    analysis = Analysis(
        [str(HERE / script)],
        # The sources, not the editable install PyInstaller cannot follow; first, the stand-in for Pillow
        # (stubs/PIL says why).
        pathex=[str(HERE / "stubs"), str(HERE.parent)],
        datas=list(datas),
        excludes=EXCLUDES,
        hiddenimports=list(hiddenimports),
        optimize=2,  # as `python -OO`: no docstrings or asserts in the bytecode (a fifth smaller)
    )
    analysis.binaries = _linked_binaries(
        [entry for entry in analysis.binaries if not _unwanted_qt_plugin(entry[0])]
    )
    kept = {_name(destination) for destination, _, _ in analysis.binaries}
    analysis.datas = [
        entry
        for entry in analysis.datas
        if not (_unwanted_qt_plugin(entry[0]) or QT_TRANSLATIONS.match(entry[0].replace("\\", "/")))
        and (entry[2] != "SYMLINK" or _name(entry[1]) in kept)
    ]
    analysis.binaries, analysis.pure = _pure_python_twins(analysis.binaries, analysis.pure)
    analysis.scripts, analysis.datas = _hook_as_file(MULTIPROCESSING_HOOK, analysis.scripts, analysis.datas)
    pyz = PYZ(analysis.pure)
    options = {"icon": _icon(), "upx": False, "strip": sys.platform == "linux"}
    if ONEFILE:
        EXE(pyz, analysis.scripts, analysis.binaries, analysis.datas, name=name, console=CONSOLE, **options)
        return
    programs = [EXE(pyz, analysis.scripts, name=name, console=CONSOLE, exclude_binaries=True, **options)]
    if cli_twin and not CONSOLE:
        programs.append(
            EXE(pyz, analysis.scripts, name=f"{name}-cli", console=True, exclude_binaries=True, **options)
        )
    folder = COLLECT(*programs, analysis.binaries, analysis.datas, name=name, strip=options["strip"])
    if sys.platform == "darwin":
        BUNDLE(folder, name=f"{name}.app", icon=options["icon"], bundle_identifier=f"org.exam-app.{name}")


def _pure_python_twins(
    binaries: list[tuple[str, str, str]], pure: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """`binaries` less the compiled modules COMPILED_TWIN names, and `pure` plus their Python sources."""
    typecode = pure[0][2]  # "PYMODULE-2": the optimisation level every module is compiled at
    kept, twins = [], []
    for destination, source, kind in binaries:
        match = COMPILED_TWIN.match(destination.replace("\\", "/"))
        python_source = Path(source).with_name(Path(source).name.split(".")[0] + ".py")
        if kind == "EXTENSION" and match and python_source.is_file():
            twins.append((match.group(1).replace("/", "."), str(python_source), typecode))
        else:
            kept.append((destination, source, kind))
    return kept, pure + twins


def _hook_as_file(
    hook: str, scripts: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Move the runtime hook `hook` (a file name) from what runs at every start to the bundle's files.

    exam_app.core.frozen.enable_multiprocessing runs it when a process pool is about to start instead.
    """
    name = hook.removesuffix(".py")
    moved = [(hook, source, "DATA") for entry_name, source, _ in scripts if entry_name == name]
    return [entry for entry in scripts if entry[0] != name], datas + moved


def _unwanted_qt_plugin(destination: str) -> bool:
    """Whether `destination` (a path inside the bundle) is a Qt plugin not in QT_PLUGINS."""
    match = QT_PLUGIN_DIR.match(destination.replace("\\", "/"))
    return match is not None and match.group(1) not in QT_PLUGINS


def _linked_binaries(binaries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """`binaries` less the shared libraries nothing kept links to (those only the dropped plugins needed).

    Roots are the Python extension modules, the kept Qt plugins and the Python library (which the
    bootloader loads); every library they link, directly or through another collected library, stays.
    """
    files = [entry for entry in binaries if entry[2] != "SYMLINK"]
    by_name = {_name(entry[0]): entry for entry in files}
    roots = [entry for entry in files if entry[2] == "EXTENSION" or _is_root_library(entry[0])]
    needed = {_name(destination) for destination, _, _ in roots}
    pending = [source for _, source, _ in roots]
    while pending:
        for linked, _path in get_imports(pending.pop()):
            name = _name(linked)
            if name in by_name and name not in needed:
                needed.add(name)
                pending.append(by_name[name][1])
    return [entry for entry in files if _name(entry[0]) in needed] + _symlinks_to(needed, binaries)


def _symlinks_to(names: set[str], entries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The symbolic links among `entries` whose target is one of the files `names` (no dangling links)."""
    return [entry for entry in entries if entry[2] == "SYMLINK" and _name(entry[1]) in names]


def _name(path: str) -> str:
    """A library's file name as the loader matches it (Windows ignores case; no one else mixes cases)."""
    return Path(path.replace("\\", "/")).name.lower()


def _is_root_library(destination: str) -> bool:
    """Whether `destination` is a kept Qt plugin or the Python library: loaded, but linked by nothing."""
    is_plugin = QT_PLUGIN_DIR.match(destination.replace("\\", "/")) is not None
    return is_plugin or LIBPYTHON.match(_name(destination)) is not None


def _icon() -> str | None:
    """The icon file of this platform (make_icon.py draws them). Linux executables carry none: a desktop
    entry names icon.png instead (docs/station-setup.md)."""
    suffix = {"win32": "ico", "darwin": "icns"}.get(sys.platform)
    return str(HERE / f"icon.{suffix}") if suffix else None
