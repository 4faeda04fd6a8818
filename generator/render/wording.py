"""House wording of profile values: numbers, durations, dates, lists, document codes.

The canonical commitment sentences (`promises`) are the single wording that the manual, the
服务承诺书 and every procedure quote (5.1.7 asks for one wording everywhere). `tidy` applies
the house typography to every value a template sees.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from generator.profile.model import Profile


def num(value: float) -> str:
    """2.0 -> '2', 1.5 -> '1.5'."""
    return f"{value:g}"


def duration_hours(hours: float) -> str:
    """2 -> '2小时', 0.5 -> '30分钟' (under an hour reads better in minutes)."""
    if hours < 1:
        return f"{round(hours * 60)}分钟"
    return f"{num(hours)}小时"


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def join_cn(items: list[str]) -> str:
    """['甲','乙','丙'] -> '甲、乙和丙'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return "、".join(items[:-1]) + "和" + items[-1]


def procedure_code(prefix: str, proc_id: str) -> str:
    return f"{prefix}/CX-{proc_id[1:]}"


def record_code(prefix: str, code: str) -> str:
    return f"{prefix}/JL-{code}"


def manual_code(prefix: str) -> str:
    return f"{prefix}/SC-01"


def promises(p: Profile, terms: dict[str, str] | None = None) -> dict[str, str]:
    """Canonical commitment sentences, keyed; order is the order of the 服务承诺书.

    `terms` are the sector's words (`service_object` is what the warranty covers, `loaner` what
    is lent during a repair); without them the common 整机 and 备用机."""
    c, w = p.commitments, p.warranty
    obj = (terms or {}).get("service_object", "整机")
    loaner = (terms or {}).get("loaner", "备用机")
    out: dict[str, str] = {}
    channels = "、".join([f"服务热线{p.company.hotline}", *p.company.online_channels])
    out["channels"] = f"客户可通过{channels}提出服务需求，受理时间为{p.company.service_hours}"
    out["response"] = f"接到客户服务需求后{duration_hours(c.response_hours)}内响应"
    if c.onsite:
        parts = [f"{o.area}{o.hours}小时内" for o in c.onsite]
        out["onsite"] = f"需要上门服务的，{'，'.join(parts)}到达现场"
    out["repair"] = f"一般故障{c.repair_days}天内修复或解决"
    if c.loaner:
        within = f"，{c.standby_hours}小时内调配到位" if c.standby_hours else ""
        out["loaner"] = f"维修期间影响客户正常使用的，免费提供{loaner}{within}"
    tangible = any(x.tangible for x in p.scope.products)
    if not tangible:
        warranty = f"自验收之日起提供{w.whole_months}个月免费维护"
    elif w.whole_hours:
        warranty = f"{obj}保修{w.whole_months}个月或{w.whole_hours}工作小时（以先到者为准）"
    else:
        warranty = f"{obj}保修{w.whole_months}个月"
    if w.main_parts:
        warranty += "，" + "，".join(
            f"{m.name}保修{m.months}个月" + (f"或{m.hours}工作小时" if m.hours else "")
            for m in w.main_parts)
    out["warranty"] = warranty
    if w.return_days or w.exchange_days:
        bits = []
        if w.return_days:
            bits.append(f"{w.return_days}日内可退货")
        if w.exchange_days:
            bits.append(f"{w.exchange_days}日内可换货")
        start = "自签收之日起" if tangible else "自服务开通之日起"
        out["returns"] = f"符合退换货条件的，{start}" + "、".join(bits)
    out["complaint"] = (
        f"投诉受理后{c.complaint_response_hours}小时内答复，{c.complaint_close_days}天内处理完毕"
    )
    out["callback"] = f"服务完成后{c.callback_days}天内回访"
    if c.spare_parts_years:
        out["spare_parts"] = f"产品停产后备件继续供应不少于{c.spare_parts_years}年"
    for i, extra in enumerate(c.extra, 1):
        out[f"extra{i}"] = extra.rstrip("。；;")
    return out


def target_text(name: str, comparator: str, value: float, unit: str) -> str:
    word = "不低于" if comparator == ">=" else "不高于"
    return f"{name}{word}{num(value)}{unit}"


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff）】”])[ \u00a0]+(?=[0-9A-Za-z])|"
                        r"(?<=[0-9A-Za-z%])[ \u00a0]+(?=[\u4e00-\u9fff（【“])")


def tidy(value: Any) -> Any:
    """House typography for profile values: no space between Chinese and numbers or Latin
    letters ("成立于 2009 年" -> "成立于2009年"), and 1850.0 -> 1850."""
    if isinstance(value, str):
        return _CJK_SPACE.sub("", value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tidy(v) for v in value]
    return value
