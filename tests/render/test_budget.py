"""The render budget (generator.render.budget) and the sandbox's bounds on long strings
(generator.render.environment): a foreign pack cannot take unbounded time, CPU, memory or
cache space, and hitting a limit is a clear error naming the template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import SecurityError

from generator import diskcache
from generator.errors import TemplatePackError, TemplateRenderError
from generator.ooxml.package import docx_text
from generator.pack.pack import TemplatePack
from generator.profile.loader import load_profile
from generator.render import environment
from generator.render.budget import Limits, RenderWorker
from generator.render.context import build_context
from generator.render.docx import is_ours, render_template
from tests.hostile import LOOPS, MEMORY, P01, STRING_BOMBS, template_pack

from ..conftest import ROOT

BASE = ROOT / "profiles" / "yunzhi-software.yaml"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVCMANUAL_CACHE", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return {**build_context(load_profile(BASE).profile), "this": {"version": "A/0"}}


@pytest.fixture
def worker() -> Iterator[RenderWorker]:
    with RenderWorker(Limits(per_template=4, memory=512 * 1024 * 1024)) as w:
        yield w


def _refused(tmp_path: Path, tag: str, context: dict[str, Any], worker: RenderWorker
             ) -> TemplateRenderError:
    template = TemplatePack(template_pack(tmp_path / "pack", tag)).procedure(P01)
    with pytest.raises(TemplateRenderError) as info:
        render_template(template, context, worker=worker)
    assert info.value.where == str(template)  # the message names the template
    assert "Traceback" not in info.value.render()
    return info.value


def test_nested_loops_hit_the_time_limit(tmp_path: Path, context: dict[str, Any],
                                         worker: RenderWorker) -> None:
    error = _refused(tmp_path, LOOPS, context, worker)
    # the loops build their output as they go: whichever limit they reach first refuses them
    assert ("时间上限 4 秒" in error.message or "内存" in error.message) and error.hint


def test_memory_hog_hits_the_memory_limit(tmp_path: Path, context: dict[str, Any],
                                          worker: RenderWorker) -> None:
    error = _refused(tmp_path, MEMORY, context, worker)
    assert "内存" in error.message


def test_cpu_limit_covers_the_whole_render(tmp_path: Path, context: dict[str, Any]) -> None:
    with RenderWorker(Limits(cpu_seconds=1, per_template=60)) as worker:
        error = _refused(tmp_path, LOOPS, context, worker)
    assert "CPU" in error.message


def test_total_wall_time_is_shared_by_every_template(tmp_path: Path, context: dict[str, Any]
                                                     ) -> None:
    worker = RenderWorker(Limits(per_template=60, total=0))
    error = _refused(tmp_path, "{{ this.version }}", context, worker)
    assert "整套模板" in error.message


@pytest.mark.parametrize("name", list(STRING_BOMBS))
def test_string_bombs_are_refused_by_the_sandbox(tmp_path: Path, context: dict[str, Any],
                                                 name: str) -> None:
    # in our own process (no worker): the bounds hold without the OS limits
    template = TemplatePack(template_pack(tmp_path / "pack", STRING_BOMBS[name])).procedure(P01)
    with pytest.raises(TemplateRenderError) as info:
        render_template(template, context)
    assert "结果过大" in info.value.message or "lipsum" in info.value.message


def test_ordinary_uses_of_the_bounded_filters_still_work() -> None:
    env = environment.make_env()
    source = ("{{ 'x'|center(5) }}|{{ 'a,b'|replace(',', '、') }}|{{ '%03d' % 7 }}|"
              "{{ '{:>3}'.format(1) }}|{{ 'a\\nb'|indent(2) }}|{{ lipsum(1, false, 5, 10)|length > 0 }}")
    assert env.from_string(source).render() == "  x  |a、b|007|  1|a\n  b|True"


def test_refused_string_methods_name_the_method() -> None:
    with pytest.raises(SecurityError, match="rjust"):
        environment.make_env().from_string("{{ 'x'.rjust(10**8) }}").render()


def test_a_foreign_template_renders_the_same_in_the_worker(tmp_path: Path,
                                                           context: dict[str, Any],
                                                           worker: RenderWorker) -> None:
    pack = template_pack(tmp_path / "pack", "{{ co.name }} {{ this.version }}")
    template = TemplatePack(pack).procedure(P01)
    assert not is_ours(template)
    assert is_ours(TemplatePack().procedure(P01))
    inside = render_template(template, context, worker=worker)
    assert docx_text(inside) == docx_text(render_template(template, context))
    assert context["co"]["name"] in docx_text(inside)


def test_pack_errors_keep_their_class_through_the_worker(tmp_path: Path,
                                                         context: dict[str, Any],
                                                         worker: RenderWorker) -> None:
    pack = template_pack(tmp_path / "pack", "x", section=False)
    with pytest.raises(TemplatePackError, match="分节设置"):
        render_template(TemplatePack(pack).procedure(P01), context, worker=worker)


def test_no_cache_file_over_the_bound(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    diskcache.write_cache(small, b"x" * 100)
    diskcache.write_cache(large, b"x" * (diskcache.MAX_CACHE_BYTES + 1))
    assert small.read_bytes() == b"x" * 100
    assert not large.exists()
