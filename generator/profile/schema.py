"""JSON Schema of the profile, for editors (yaml-language-server) and for `svcmanual schema`."""

from __future__ import annotations

from typing import Any

from generator.profile.model import Profile


def profile_schema() -> dict[str, Any]:
    schema = Profile.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "svcmanual 企业档案",
        "description": "GB/T 27922-2011 商品售后服务认证文件生成所需的企业信息",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
