"""Chinese stop words (停用词) dropped at index and at query time.

Function words, pronouns and connectives that occur in nearly every text and so select
nothing. Deliberately short: words that carry meaning in government titles (通知, 公告, 意见,
办法, 工作, 公开 …) stay searchable, as do 文种 and every noun. All entries are already
normalised (NFKC, lower case), like the tokens they are compared with.
"""

STOP_WORDS: frozenset[str] = frozenset(
    """
    的 地 得 之 了 着 过 吗 呢 吧 啊 呀 嘛 哦 么
    和 与 及 以及 并 并且 而 而且 或 或者 且 跟 同 既 又 也 还 都 就 才 即 则
    是 为 为了 在 于 对 对于 向 从 自 由 被 把 将 以 按 按照 依 依照 根据 关于 通过
    其 其中 此 该 本 这 这个 这些 那 那个 那些 之一 某 各 每 等 等等 有关 相关
    我 我们 你 你们 他 他们 她 她们 它 它们 您 自己
    个 一个 一些 有 没有 不 可 可以 能 能够 会 要 应 应当 应该 所 所以 因 因为 如 如果 但 但是 虽然
    a an and are as at be by for from in is it of on or that the this to was were with
    """.split()  # noqa: SIM905 - a word list reads best as text
)
