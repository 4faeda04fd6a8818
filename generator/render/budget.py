"""Run the templates of a pack that is not ours within a budget: one worker process per render.

A template from a consultancy's pack is untrusted code for the sandbox: its loops and filters
are bounded one by one (`generator.render.environment`), but not their sum. So the whole render
of such a pack (a build of one profile, a lint of one pack) runs in ONE worker process with:
1. memory: the worker's address space is capped at `MAX_MEMORY` (RLIMIT_AS); an allocation past
   it is a MemoryError in the worker, never in our process;
2. CPU: `MAX_CPU_SECONDS` for the whole render (RLIMIT_CPU, cumulative over every template);
3. wall time: each template at most `MAX_SECONDS_PER_TEMPLATE`, all of them together at most
   `MAX_SECONDS_TOTAL`; past it the worker is killed;
4. files: nothing it writes (the compile cache) may exceed `MAX_FILE_WRITE` (RLIMIT_FSIZE; the
   write fails and the cache is skipped).
Hitting a limit is a `TemplateRenderError` naming the template, with the fix. The default pack
is ours and renders in our own process, as fast as before.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from generator.errors import SvcError, TemplatePackError, TemplateRenderError

if sys.platform != "win32":
    import resource

MAX_MEMORY = 768 * 1024 * 1024
MAX_CPU_SECONDS = 300
MAX_SECONDS_PER_TEMPLATE = 20.0
MAX_SECONDS_TOTAL = 600.0
MAX_FILE_WRITE = 8 * 1024 * 1024
_HINT = ("该模板的循环或运算量过大；请删去模板中的大循环（range）、反复的 replace 或超长字符串，"
         "用 svcmanual templates lint 检查后重试，或去掉 --templates 使用默认模板")
_ERRORS: dict[str, type[SvcError]] = {
    "TemplateRenderError": TemplateRenderError, "TemplatePackError": TemplatePackError}


@dataclass(frozen=True)
class Limits:
    memory: int = MAX_MEMORY
    cpu_seconds: int = MAX_CPU_SECONDS
    per_template: float = MAX_SECONDS_PER_TEMPLATE
    total: float = MAX_SECONDS_TOTAL
    file_write: int = MAX_FILE_WRITE


def _apply(limits: Limits) -> None:
    """In the worker: the OS limits of rules 1, 2 and 4."""
    if sys.platform == "win32":  # pragma: no cover  # the worker is started on POSIX only
        return
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_write, limits.file_write))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails instead of killing


def _serve(conn: Connection, limits: Limits) -> None:
    """The worker's loop: run each (function, arguments) sent and send back its outcome."""
    _apply(limits)
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: tuple[Any, ...] = ("ok", func(*args))
        except SvcError as exc:
            outcome = ("error", type(exc).__name__, exc.message, exc.where, exc.hint)
        except MemoryError:
            outcome = ("memory",)
        except Exception as exc:  # the template's own fault: report it, keep the worker honest
            outcome = ("crash", f"{type(exc).__name__}：{str(exc)[:200]}")
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(("memory",))


class RenderWorker:
    """The worker of one render (rules 1–4); started on first use, stopped by `close`."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.spent = 0.0
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            if sys.platform == "win32":  # pragma: no cover
                raise TemplatePackError("在 Windows 上不能限制第三方模板的资源占用",
                                        hint="请在 Linux 或 macOS 上使用 --templates")
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child, self.limits),
                                            name="svcmanual-render", daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        return self._conn

    def call(self, func: Callable[..., Any], *args: Any, label: str) -> Any:
        """`func(*args)` in the worker; `label` names the template in every error."""
        left = self.limits.total - self.spent
        if left <= 0:
            raise self._limit(label, f"整套模板的渲染时间超过上限 {self.limits.total:.0f} 秒")
        conn = self._start()
        wait = min(self.limits.per_template, left)
        started = time.monotonic()
        try:
            conn.send((func, args))
            ready = conn.poll(wait)
            outcome = conn.recv() if ready else None
        except (EOFError, OSError):  # the worker died: killed by a limit, or out of memory
            self.spent += time.monotonic() - started
            raise self._died(label) from None
        self.spent += time.monotonic() - started
        if outcome is None:
            self.close()
            raise self._limit(label, f"模板渲染超过时间上限 {wait:.0f} 秒，已中止")
        kind = outcome[0]
        if kind == "ok":
            return outcome[1]
        if kind == "error":
            raise _ERRORS.get(outcome[1], TemplateRenderError)(
                outcome[2], where=outcome[3], hint=outcome[4])
        if kind == "memory":
            self.close()
            raise self._limit(label, f"模板渲染所需内存超过上限 {self.limits.memory >> 20} MB，已中止")
        raise TemplateRenderError(f"模板渲染失败（{outcome[1]}）", where=label,
                                  hint="请用 svcmanual templates lint 检查该模板")

    def _died(self, label: str) -> TemplateRenderError:
        if self._process is not None:
            self._process.join(5)  # reap it: its exit status says which limit it hit
        code = self._process.exitcode if self._process else None
        self.close()
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return self._limit(label, f"整套模板的 CPU 时间超过上限 {self.limits.cpu_seconds} 秒")
        return self._limit(label, "渲染进程意外退出（可能超出内存上限 "
                                  f"{self.limits.memory >> 20} MB），已中止")

    def _limit(self, label: str, message: str) -> TemplateRenderError:
        return TemplateRenderError(message, where=label, hint=_HINT)

    def close(self) -> None:
        """Stop the worker (killed if it is still busy)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.join(0.5)
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
            self._process = None

    def __enter__(self) -> RenderWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
