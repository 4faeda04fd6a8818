"""Default values a profile may omit.

The default law list names only laws of the registry (catalog/laws.yaml), so every row of the
manual's law list gets issuer, number and effective date from there."""

DEFAULT_LAWS: tuple[str, ...] = (
    "《中华人民共和国产品质量法》",
    "《中华人民共和国消费者权益保护法》",
    "《中华人民共和国民法典》",
    "《消费品召回管理暂行规定》",
    "《中华人民共和国个人信息保护法》",
    "GB/T 27922-2011《商品售后服务评价体系》",
)
