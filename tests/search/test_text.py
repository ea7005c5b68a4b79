"""Segmentation (分词), normalisation and stop words (停用词) of the search index."""

from search.stopwords import STOP_WORDS
from search.text import index_tokens, normalise, query_groups, query_terms


def test_normalise_folds_full_width_and_case():
    assert normalise("ＡＢＣ１２３Ｘｙ（） 招标") == "abc123xy() 招标"


def test_index_tokens_drop_stop_words_and_punctuation():
    tokens = index_tokens("关于做好2026年政府采购招标工作的通知。")
    assert "招标" in tokens and "通知" in tokens and "2026" in tokens
    assert "关于" not in tokens and "的" not in tokens and "。" not in tokens


def test_index_tokens_add_the_sub_words_of_long_words():
    tokens = index_tokens("中华人民共和国政府信息公开条例")
    assert {"中华", "人民", "共和国", "政府", "信息", "公开", "条例"} <= set(tokens)


def test_query_terms_use_normal_segmentation_without_repetition():
    assert query_terms("关于部门预算的通知 预算") == ["部门", "预算", "通知"]
    assert query_terms("人事") == ["人事"]


def test_query_terms_of_only_stop_words_are_empty():
    assert query_terms("的 和 关于") == []


def test_long_query_words_carry_their_sub_words():
    groups = dict(query_groups("中华人民共和国"))
    assert set(groups["中华人民共和国"]) >= {"中华", "人民", "共和国"}
    assert dict(query_groups("招标")) == {"招标": ()}


def test_meaningful_title_words_are_not_stop_words():
    for word in ("通知", "公告", "意见", "办法", "公开", "预算", "人事", "招标"):
        assert word not in STOP_WORDS
