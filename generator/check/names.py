"""Company names, hotlines and organisation units found in running Chinese text.

Rules:
1. A company name ends in 有限公司 / 股份有限公司 / 有限责任公司 / 集团(有限)公司 / 集团 and
   reaches back over Chinese characters and brackets, cut after the last connecting phrase
   (适用于, 委托, 由, 与 …); fewer than two characters before the suffix is not a name.
2. Two company names are the same company when one contains the other, or when one contains
   the other's short name.
3. A hotline is a 400 or 800 number of ten digits, however it is spaced or hyphenated.
4. An organisation unit is the subject of a 职责 line (before 负责/：/为 …), split on 、和及与,
   ending in 部/中心/室/科/组/岗/员/工程师/专员, at least three characters, and not a generic
   word (人员, 成员, 小组, 各部, 内部 …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_SUFFIX = re.compile(r"(?:集团)?(?:股份有限公司|有限责任公司|有限公司)|集团(?:公司)?")
_BEFORE = re.compile(r"[\u4e00-\u9fff()]{0,24}$")
_BOUNDARY = re.compile(
    r"适用于|委托|授权|签订|隶属于|属于|本公司|我公司|本手册|本程序|联系|通知|指定|选择|采用|包括"
    r"|投保|通过|了|与|及|或|由|向|对|将|被|给|经|归|请|交|致|的|等|在|把|是|即|如|年|月|日"
)
_HOTLINE = re.compile(r"(?<![\d-])(?:400|800)[-\s]?\d{3}[-\s]?\d{4}(?!\d)")

ROLE_SUFFIXES = ("工程师", "专员", "中心", "部", "室", "科", "组", "岗", "员")
_GENERIC_ENDINGS = ("人员", "成员", "委员", "职员", "学员", "会员", "全员", "雇员", "动员", "官员",
                    "小组", "工作组", "评价组", "审核组", "专家组", "项目组", "调查组")
_GENERIC_BEFORE_BU = frozenset("各本总全内外局顶底头干细分")
_LEAD_END = re.compile(
    r"[:：,，;；。(（]|负责|是|为|应|组织|协助|参与|主管|主持|统筹|归口|牵头|对|按|在|根据"
)
_LEAD_SPLIT = re.compile(r"[、/和与及由的]")
_ROLE_PREFIXES = ("本公司", "公司", "各级", "各", "相关", "其他", "所属", "具体")


def company_names(folded: str) -> Iterator[str]:
    """Company-like names in a line of folded text (rule 1)."""
    for match in _SUFFIX.finditer(folded):
        before = _BEFORE.search(folded, 0, match.start())
        prefix = before.group(0) if before else ""
        cut = 0
        for boundary in _BOUNDARY.finditer(prefix):
            cut = boundary.end()
        prefix = prefix[cut:].lstrip(")")
        if len(prefix) >= 2:
            yield prefix + match.group(0)


def same_company(name: str, company: str, short: str = "") -> bool:
    """Whether `name` (as found) is `company`, written fully, partly or by its short name.

    The left edge of a found name may carry words of the sentence ("公司投保了中国…公司"),
    so its tail is compared too: the suffix plus at least four characters of the name must
    appear in `company` ("电器有限公司" alone is shared by many companies)."""
    if name in company or company in name or (len(short) >= 2 and short in name):
        return True
    suffix = _SUFFIX.search(name)
    shortest = (len(name) - suffix.start() if suffix else 0) + 4
    return any(name[-k:] in company for k in range(len(name) - 1, shortest - 1, -1))


def hotlines(folded: str) -> Iterator[tuple[str, str]]:
    """(digits, as written) of every 400/800 number."""
    for match in _HOTLINE.finditer(folded):
        yield re.sub(r"\D", "", match.group(0)), match.group(0)


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


def role_candidates(key: str, is_heading: bool) -> list[str]:
    """Organisation units named as the subject of a 职责 line (rule 4)."""
    end = _LEAD_END.search(key)
    if end is None and not is_heading:
        return []
    lead = key[: end.start()] if end else key
    if not lead or len(lead) > 24:
        return []
    out: list[str] = []
    for piece in _LEAD_SPLIT.split(lead):
        name = _strip_prefixes(piece.strip())
        if _is_unit(name):
            out.append(name)
    return out


def _strip_prefixes(name: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _ROLE_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                name = name[len(prefix):]
                changed = True
    return name


def _is_unit(name: str) -> bool:
    if len(name) < 3 or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return False
    suffix = next((s for s in ROLE_SUFFIXES if name.endswith(s)), None)
    if suffix is None or len(name) <= len(suffix):
        return False
    if name.endswith(_GENERIC_ENDINGS):
        return False
    return not (suffix == "部" and name[-2] in _GENERIC_BEFORE_BU)


def known_role(name: str, known: Iterable[str]) -> bool:
    """A unit is known when it is, ends with, or is the tail of a name from the profile."""
    return any(name == k or name.endswith(k) or k.endswith(name) for k in known if k)
