"""The sections of a procedure (程序文件): ids, titles and the labels clients give them.

GB/T 27922 expects every procedure to state its purpose, scope, responsibilities and the
procedure itself (`REQUIRED_SECTIONS`); related documents and records are expected too.
`SECTION_LABELS` lists the headings found in clients' documents for each section, so that
the checker recognises 适用范围 or 工作流程 as the section they stand for.
"""

from __future__ import annotations

from typing import Literal

SectionId = Literal["purpose", "scope", "responsibilities", "procedure", "related_documents",
                    "records"]

SECTION_IDS: tuple[SectionId, ...] = ("purpose", "scope", "responsibilities", "procedure",
                                      "related_documents", "records")
REQUIRED_SECTIONS: frozenset[SectionId] = frozenset(
    {"purpose", "scope", "responsibilities", "procedure"})
SECTION_TITLES: dict[SectionId, str] = {
    "purpose": "目的", "scope": "范围", "responsibilities": "职责",
    "procedure": "工作程序", "related_documents": "相关文件", "records": "记录",
}
SECTION_LABELS: dict[SectionId, tuple[str, ...]] = {
    "purpose": ("目的", "编制目的", "目的和依据", "目的与依据"),
    "scope": ("范围", "适用范围", "应用范围", "适用对象", "适用范围和对象"),
    "responsibilities": ("职责", "职责和权限", "职责与权限", "职责权限", "职责分工", "职责划分",
                         "管理职责", "部门职责", "岗位职责", "责任", "职责及权限"),
    "procedure": ("工作程序", "程序", "内容", "工作内容", "程序内容", "内容及要求", "内容和要求",
                  "内容与要求", "程序及要求", "程序和要求", "工作程序及要求", "工作程序和要求",
                  "管理内容", "管理程序", "控制程序", "工作流程", "流程", "管理流程", "实施程序",
                  "作业程序", "程序要求", "管理要求", "工作要求", "控制要求", "管理规定",
                  "工作程序与要求", "控制内容", "服务流程", "处理程序", "实施要求", "作业内容",
                  "程序描述", "流程描述", "操作程序", "实施细则", "管理细则", "工作程序描述"),
    "related_documents": ("相关文件", "引用文件", "支持性文件", "参考文件", "相关程序",
                          "相关程序文件", "相关文件和资料", "引用标准", "相关制度", "相关支持文件",
                          "相关标准", "参考资料", "引用文件和资料"),
    "records": ("记录", "相关记录", "质量记录", "记录表单", "记录表格", "表单", "附表", "相关表单",
                "使用表单", "记录和表格", "记录表", "相关表格", "记录及表单", "附录记录"),
}
