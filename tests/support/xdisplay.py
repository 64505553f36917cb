"""A private X server for running the real client as a separate process: Xvfb, xdotool, window maps.

Used by the crash test (tests/e2e/test_client_process.py) and the start-up benchmark, which both need a
real client process on a real X server without touching the client: keys are typed with `xdotool` and
the moment a window appears is seen as an X `MapNotify` event on the root window. That event comes from
libxcb through ctypes because `xdotool search --sync` only polls twice a second, which is too coarse to
time a start-up and makes tests slower.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import time
from types import TracebackType

TOOLS = ("Xvfb", "xdotool")
SCREEN = "1280x800x24"
MAP_NOTIFY = 19  # X protocol event code
EVENT_MASK = 1 << 11  # XCB_CW_EVENT_MASK
SUBSTRUCTURE_NOTIFY = 1 << 19  # XCB_EVENT_MASK_SUBSTRUCTURE_NOTIFY: maps of the root's children
PROCESS_CHECK_SECONDS = 0.1


def missing_tools() -> list[str]:
    """What this machine lacks to run a client process on a private X server (empty when all is there)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if ctypes.util.find_library("xcb") is None:
        missing.append("libxcb")
    return missing


class XServer:
    """Xvfb on a display number it picks itself; stopped on exit from the `with` block."""

    def __init__(self) -> None:
        self.display = ""
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> XServer:
        # -displayfd: Xvfb takes the first free display and writes its number once it accepts clients,
        # so there is neither a guessed number that may be taken nor a sleep waiting for readiness.
        # -noreset: an X server resets when its last client leaves and refuses connections meanwhile,
        # which a client started right after a killed one would otherwise run into.
        read_end, write_end = os.pipe()
        command = [
            "Xvfb",
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            SCREEN,
            "-nolisten",
            "tcp",
            "-noreset",
        ]
        try:
            quiet = subprocess.DEVNULL
            self._process = subprocess.Popen(command, pass_fds=(write_end,), stdout=quiet, stderr=quiet)
            os.close(write_end)
            with os.fdopen(read_end, "rb") as pipe:
                number = pipe.readline().strip().decode()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        if not number:
            self.__exit__(None, None, None)
            raise RuntimeError("Xvfb exited before it accepted clients")
        self.display = f":{number}"
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the server (and wait for it, so its display number is free again)."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(timeout=10)

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        """`base` (default: this process's environment) pointed at this server, with Qt on xcb."""
        env = dict(os.environ if base is None else base)
        env.pop("WAYLAND_DISPLAY", None)
        env.update(DISPLAY=self.display, QT_QPA_PLATFORM="xcb")
        return env

    def xdotool(self, *args: str) -> str:
        """Run xdotool on this server; returns its output. Keys go to the window with the input focus."""
        result = subprocess.run(
            ["xdotool", *args], env=self.env(), capture_output=True, text=True, check=True, timeout=30
        )
        return result.stdout


class MapWatcher:
    """Reports top-level windows mapped on a display, from the moment it is created (use `with`)."""

    def __init__(self, display: str) -> None:
        self._xcb = _libxcb()
        self._conn = self._xcb.xcb_connect(display.encode(), None)
        error = self._xcb.xcb_connection_has_error(self._conn)
        if error:
            self._xcb.xcb_disconnect(self._conn)  # xcb hands out an error connection that must be freed
            raise RuntimeError(f"cannot connect to X display {display} (xcb error {error})")
        screen = self._xcb.xcb_setup_roots_iterator(self._xcb.xcb_get_setup(self._conn))
        root = ctypes.c_uint32.from_address(screen.data).value  # xcb_screen_t starts with its root window
        mask = (ctypes.c_uint32 * 1)(SUBSTRUCTURE_NOTIFY)
        cookie = self._xcb.xcb_change_window_attributes_checked(self._conn, root, EVENT_MASK, mask)
        error = self._xcb.xcb_request_check(self._conn, cookie)
        if error:
            _libc().free(error)
            self._xcb.xcb_disconnect(self._conn)
            raise RuntimeError("cannot watch the root window's children")

    def __enter__(self) -> MapWatcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the X connection."""
        self._xcb.xcb_disconnect(self._conn)

    def wait_for_map(self, process: subprocess.Popen[bytes], timeout: float) -> tuple[int, float]:
        """The next ordinary (not override-redirect) top-level window mapped: its id and the
        `time.perf_counter()` at which the event arrived. Raises TimeoutError after `timeout` seconds
        and RuntimeError as soon as `process`, which should map it, has exited."""
        deadline = time.perf_counter() + timeout
        descriptor = self._xcb.xcb_get_file_descriptor(self._conn)
        while True:
            event = self._xcb.xcb_poll_for_event(self._conn)
            if event:
                arrived = time.perf_counter()
                raw = ctypes.string_at(event, 13)
                _libc().free(event)
                # xcb_map_notify_event_t: type, pad, sequence (2), event (4), window (4), override_redirect
                if raw[0] & 0x7F == MAP_NOTIFY and not raw[12]:
                    return int.from_bytes(raw[8:12], "little"), arrived
                continue
            if process.poll() is not None:
                raise RuntimeError(
                    f"the process exited with status {process.returncode} before showing a window"
                )
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no window was mapped in time")
            # Wake up now and then to notice a process that died without a window.
            select.select([descriptor], [], [], min(left, PROCESS_CHECK_SECONDS))


class _ScreenIterator(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("rem", ctypes.c_int), ("index", ctypes.c_int)]


class _Cookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


def _libxcb() -> ctypes.CDLL:
    """libxcb with the signatures used here (ctypes would otherwise truncate pointers to int)."""
    xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
    pointer = ctypes.c_void_p
    xcb.xcb_connect.restype = pointer
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [pointer]
    xcb.xcb_get_setup.restype = pointer
    xcb.xcb_get_setup.argtypes = [pointer]
    xcb.xcb_setup_roots_iterator.restype = _ScreenIterator
    xcb.xcb_setup_roots_iterator.argtypes = [pointer]
    xcb.xcb_change_window_attributes_checked.restype = _Cookie
    xcb.xcb_change_window_attributes_checked.argtypes = [pointer, ctypes.c_uint32, ctypes.c_uint32, pointer]
    xcb.xcb_request_check.restype = pointer
    xcb.xcb_request_check.argtypes = [pointer, _Cookie]
    xcb.xcb_get_file_descriptor.argtypes = [pointer]
    xcb.xcb_poll_for_event.restype = pointer
    xcb.xcb_poll_for_event.argtypes = [pointer]
    xcb.xcb_disconnect.argtypes = [pointer]
    return xcb


def _libc() -> ctypes.CDLL:
    """The C library, to free what libxcb allocated."""
    libc = ctypes.CDLL(None)
    libc.free.argtypes = [ctypes.c_void_p]
    return libc
