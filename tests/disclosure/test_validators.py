"""文号 (发文字号) validation: GB/T 9704-2012 §7.2.5 and a specific message for each usual mistake."""

import pytest
from django.core.exceptions import ValidationError

from disclosure.validators import suggest_document_number, validate_document_number


@pytest.mark.parametrize(
    "value",
    [
        "辽文办发〔2017〕41号",
        "国办公开办函〔2021〕30号",
        "国办发明电〔2021〕11号",
        "国办发〔2017〕47号",
        "国务院令第711号",
        "",
    ],
)
def test_valid_document_numbers_are_accepted(value):
    validate_document_number(value)


@pytest.mark.parametrize(
    ("value", "problem", "suggestion"),
    [
        ("辽文办发[2017]41号", "年份须用六角括号“〔〕”括起，不能用方括号[]、圆括号（）或【】", "辽文办发〔2017〕41号"),
        ("辽文办发（2017）41号", "年份须用六角括号“〔〕”括起", "辽文办发〔2017〕41号"),
        ("辽文办发【2017】41号", "不能用方括号[]、圆括号（）或【】", "辽文办发〔2017〕41号"),
        ("辽文办发〔2017〕041号", "顺序号不编虚位，1不编为01", "辽文办发〔2017〕41号"),
        ("辽文办发〔2017〕第41号", "顺序号前不加“第”字", "辽文办发〔2017〕41号"),
        ("辽文办发〔17〕41号", "年份应写全四位，如〔2017〕", None),
        ("辽文办发〔2017〕41", "文号应以“号”结尾", "辽文办发〔2017〕41号"),
        ("辽文办发 〔2017〕41号", "文号中不应有空格", "辽文办发〔2017〕41号"),
    ],
)
def test_each_common_mistake_has_its_own_message(value, problem, suggestion):
    with pytest.raises(ValidationError) as caught:
        validate_document_number(value)

    message = caught.value.messages[0]
    assert problem in message
    assert f"文号“{value}”不符合GB/T 9704规范" in message
    if suggestion:
        assert f"您是否要填写“{suggestion}”？" in message
    else:
        assert "您是否要填写" not in message


def test_an_unrecognisable_value_gets_the_general_rule():
    with pytest.raises(ValidationError) as caught:
        validate_document_number("辽文办发〔2017〕四十一号")

    assert "文号格式应为“发文机关代字〔年份〕序号号”" in caught.value.messages[0]


def test_suggestion_fixes_several_mistakes_at_once():
    assert suggest_document_number("辽文办发 [2017] 第041") == "辽文办发〔2017〕41号"
