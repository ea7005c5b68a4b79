"""The seed list of forbidden terms (禁用词): common gambling, pornography, fraud and drug spam
seen in defacements of government sites. Kept short and specific to avoid false positives on
ordinary government text; agencies extend it in admin."""

SEED_TERMS: dict[str, list[str]] = {
    "gambling": [
        "必赢体育", "必赢亚洲", "澳门威尼斯人", "威尼斯人娱乐", "澳门新葡京", "新葡京娱乐", "葡京娱乐",
        "太阳城娱乐", "金沙娱乐", "金沙国际", "银河娱乐", "皇冠体育", "皇冠投注", "博彩", "赌场",
        "网上赌博", "网络赌博", "在线赌博", "真人荷官", "百家乐", "时时彩", "北京赛车pk10", "六合彩",
        "六合宝典", "老虎机", "德州扑克", "体育投注", "足球投注", "彩票投注网", "开元棋牌",
        "棋牌娱乐", "电子游艺", "线上娱乐城", "娱乐城", "注册送彩金", "首存送", "彩金", "买球",
        "下注平台", "亚博体育", "开云体育", "乐鱼体育", "OB体育", "bet365", "188bet", "365bet",
    ],
    "pornography": [
        "色情网站", "成人网站", "成人视频", "裸聊", "约炮", "一夜情", "援交", "黄色网站", "av女优",
        "无码视频", "情色", "色情直播", "福利视频",
    ],
    "fraud": [
        "代开发票", "办理假证", "刷单返利", "兼职刷单", "网贷秒批", "无抵押贷款秒到", "套现",
        "高仿证件", "枪支出售", "出售银行卡", "收购银行卡", "信用卡套现",
    ],
    "drugs": ["冰毒出售", "麻古", "K粉出售", "摇头丸", "大麻出售"],
}
