"""The seed list of forbidden terms (禁用词): spam seen in defacements of government sites.

A forbidden term blocks saving and publishing, so every entry must be something an agency never
writes in its own voice. The list therefore holds brand names of gambling sites and the
phrasing of spam adverts, not the vocabulary of the subjects themselves. Deliberately absent,
with the government text they would block:

- 体育, 彩票, 娱乐, 游艺 and 电子游艺, 棋牌娱乐, 娱乐城: 体育彩票 is a state lottery; 文化 and
  market-regulation departments license 娱乐场所 and 游艺娱乐场所 by name.
- 赌场, 博彩, 网络赌博, 六合彩, 百家乐, 老虎机, 时时彩, 德州扑克: police and 文化市场执法 news
  (打击跨境赌博, 查处含老虎机功能的游戏机).
- 色情网站, 黄色网站, 色情直播, 摇头丸: 扫黄打非 and 禁毒 publicity.
- 刷单返利, 兼职刷单, 出售银行卡, 收购银行卡, 信用卡套现: 反诈 and 断卡行动 publicity.
- 代开发票: a regular service of the tax authorities (税务机关代开发票).
- Two-character fragments that occur across word boundaries: 彩金 (色彩金黄), 买球 (购买球鞋),
  套现 (一套现行制度), 情色 (风情色彩), 援交 (支援交流), 一夜情 (一夜情况), 福利视频
  (社会福利视频会议), 金沙国际 and 银河娱乐 (names of real hotels and licensed venues).

Agencies add their own terms in admin; tests/integrity/test_checks.py pins ordinary government
sentences that must never match.
"""

SEED_TERMS: dict[str, list[str]] = {
    "gambling": [
        "必赢体育", "必赢亚洲", "澳门威尼斯人", "威尼斯人娱乐", "澳门新葡京", "新葡京娱乐",
        "葡京娱乐", "太阳城娱乐", "金沙娱乐", "皇冠体育", "皇冠投注", "真人荷官", "真人百家乐",
        "北京赛车pk10", "六合宝典", "体育投注", "足球投注", "彩票投注网", "开元棋牌", "线上娱乐城",
        "网上娱乐城", "注册送彩金", "首存送", "网上买球", "下注平台", "亚博体育", "开云体育",
        "乐鱼体育", "OB体育", "bet365", "188bet", "365bet",
    ],
    "pornography": ["成人网站", "成人视频", "裸聊", "约炮", "av女优", "无码视频"],
    "fraud": ["代开各类发票", "办理假证", "网贷秒批", "无抵押贷款秒到", "高仿证件", "枪支出售"],
    "drugs": ["冰毒出售", "麻古出售", "K粉出售", "大麻出售"],
}
