"""文号 (发文字号) validation against GB/T 9704-2012 §7.2.5, with messages for the usual mistakes."""

import re

from django.core.exceptions import ValidationError

DOCUMENT_NUMBER_RE = re.compile(r"^(?P<prefix>[^\s〔〕]+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
ORDER_NUMBER_RE = re.compile(r"^[^\s〔〕]+令第[1-9]\d*号$")  # 令: e.g. 国务院令第711号

_WRONG_BRACKETS = re.compile(r"[\[［【(（{〈<]\s*(\d{4})\s*[\]］】)）}〉>]")


def suggest_document_number(value: str) -> str:
    """Best-effort correction of a mistyped 文号 (brackets, leading zeros, 第, spaces)."""
    fixed = re.sub(r"\s+", "", value)
    fixed = _WRONG_BRACKETS.sub(r"〔\1〕", fixed)
    fixed = re.sub(r"〕第?0*(\d+)", r"〕\1", fixed)
    if fixed and not fixed.endswith("号") and re.search(r"〕\d+$", fixed):
        fixed += "号"
    return fixed


def validate_document_number(value: str) -> None:
    if not value or DOCUMENT_NUMBER_RE.match(value) or ORDER_NUMBER_RE.match(value):
        return
    suggestion = suggest_document_number(value)
    hint = f"您是否要填写“{suggestion}”？" if DOCUMENT_NUMBER_RE.match(suggestion) else ""
    if re.search(r"\s", value):
        problem = "文号中不应有空格。"
    elif _WRONG_BRACKETS.search(value):
        problem = "年份须用六角括号“〔〕”括起，不能用方括号[]、圆括号（）或【】。"
    elif re.search(r"〕第", value):
        problem = "顺序号前不加“第”字。"
    elif re.search(r"〕0\d*", value):
        problem = "顺序号不编虚位，1不编为01。"
    elif re.search(r"〔\d{2}〕", value):
        problem = "年份应写全四位，如〔2017〕。"
    elif not value.endswith("号"):
        problem = "文号应以“号”结尾。"
    else:
        problem = "文号格式应为“发文机关代字〔年份〕序号号”。"
    raise ValidationError(
        "文号“%(value)s”不符合GB/T 9704规范：%(problem)s%(hint)s例如：辽文办发〔2017〕41号。",
        code="document_number",
        params={"value": value, "problem": problem, "hint": hint},
    )
