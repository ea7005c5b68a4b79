"""The OpenAPI 3.1 description of /api/v1/ (接口说明), served at /api/v1/openapi.json.

Written by hand as data, next to the views it describes. Object schemas are closed
(`additionalProperties: false`) so that a field added to `representations.py` without being
described here fails the test that validates live answers against this document.
"""

from __future__ import annotations

from copy import deepcopy

from disclosure.filters import KEYWORD_MAX_LENGTH
from disclosure.models import Document
from requests_app.deadlines import MAX_EXTENSION_DAYS

from .params import DEFAULT_LIMIT, MAX_LIMIT

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"


# --- Schema helpers -------------------------------------------------------------------------


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict, *, optional: tuple[str, ...] = (), description: str = "") -> dict:
    schema = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def string(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def integer(description: str = "", **extra) -> dict:
    return {"type": "integer", **({"description": description} if description else {}), **extra}


DATE_TIME = string("ISO 8601，东八区", format="date-time")
DATE = string(format="date")
NULLABLE_DATE = nullable(DATE)
URI = string(format="uri")


def list_of(item: dict, *, paginated: bool = True) -> dict:
    if not paginated:
        return obj({"results": {"type": "array", "items": item}})
    return obj(
        {
            "results": {"type": "array", "items": item},
            "limit": integer("本页条数上限", minimum=1, maximum=MAX_LIMIT),
            "next_cursor": nullable(string("下一页游标；最后一页为 null")),
            "next": nullable(string("下一页的完整地址；最后一页为 null", format="uri")),
        }
    )


# --- Schemas --------------------------------------------------------------------------------

ORGANISATION = obj(
    {"id": integer(), "name": string("机构名称"), "code": string("机构代码")},
    description="发布机构",
)
COLUMN_REF = obj({"id": integer(), "slug": string(), "name": string("栏目名称")})
DOCUMENT_LINK = obj(
    {"id": integer(), "title": string(), "url": URI, "api_url": URI},
)

DOCUMENT_PROPERTIES = {
    "id": integer(),
    "index_number": string("索引号"),
    "title": string("标题"),
    "document_number": string("文号"),
    "summary": string("内容概述"),
    "keywords": string("主题词"),
    "topic": string("主题分类（一级\\二级）"),
    "genre": string("体裁", enum=list(Document.Genre.values)),
    "regulatory_class": string(
        "规章/规范性文件（空：否）", enum=list(Document.RegulatoryClass.values)
    ),
    "validity": string("有效性", enum=list(Document.Validity.values)),
    "validity_label": string("有效性（中文）"),
    "validity_changed_on": NULLABLE_DATE,
    "written_on": NULLABLE_DATE,
    "effective_on": NULLABLE_DATE,
    "published_at": DATE_TIME,
    "organisation": ref("Organisation"),
    "column": nullable(ref("ColumnRef")),
    "url": URI,
    "api_url": URI,
}
ATTACHMENT = obj(
    {
        "name": string("附件名称"),
        "extension": string("文件类型"),
        "size": integer("字节数", minimum=0),
        "sha256": string(pattern="^[0-9a-f]{64}$"),
        "url": URI,
    }
)
DOCUMENT_DETAIL = obj(
    {
        **DOCUMENT_PROPERTIES,
        "source": string("信息来源"),
        "body": string("正文（已清理的HTML）"),
        "attachments": {"type": "array", "items": ref("Attachment")},
        "replaced_by": nullable(ref("DocumentLink")),
    }
)

COLUMN = obj(
    {
        "id": integer(),
        "slug": string(),
        "name": string("栏目名称"),
        "description": string("栏目说明"),
        "kind": string("栏目类型", enum=["list", "page"]),
        "column_type": string("更新频率类别（ColumnType）"),
        "parent_slug": nullable(string()),
        "url": URI,
        "feed_url": URI,
        "documents_url": URI,
        "children": {"type": "array", "items": ref("Column")},
    }
)

INTERPRETATION_PROPERTIES = {
    "id": integer(),
    "title": string("标题"),
    "form": string("解读形式"),
    "form_label": string("解读形式（中文）"),
    "summary": string("内容概述"),
    "interpreter": string("解读人"),
    "organisation": ref("Organisation"),
    "policy": obj(
        {
            "document": nullable(
                obj(
                    {
                        "id": integer(),
                        "title": string(),
                        "document_number": string(),
                        "url": URI,
                        "api_url": URI,
                    }
                )
            ),
            "title": string("外部政策标题"),
            "document_number": string("外部政策文号"),
            "url": string("外部政策网址"),
        },
        description="解读的政策：本网站文件（document），或外部政策",
    ),
    "media_url": string("图解/音频/视频地址"),
    "published_at": DATE_TIME,
    "url": URI,
    "api_url": URI,
}
INTERPRETATION_DETAIL = obj({**INTERPRETATION_PROPERTIES, "body": string("正文（已清理的HTML）")})

PROPOSAL_REPLY_PROPERTIES = {
    "id": integer(),
    "title": string("标题"),
    "summary": string("摘要（纯文本）"),
    "organisation": {"type": "null"},
    "published_at": DATE_TIME,
    "url": URI,
    "api_url": URI,
    "proposal": obj(
        {
            "kind": string(),
            "kind_label": string("建议/提案"),
            "year": integer("年度"),
            "number": string("编号"),
            "title": string("建议提案标题"),
            "lead_unit": string("主办单位"),
        }
    ),
    "publication": string("公开方式：全文或摘要", enum=["full", "abstract"]),
    "abstract": string("答复摘要（摘要公开时）"),
}
PROPOSAL_REPLY_DETAIL = obj(
    {**PROPOSAL_REPLY_PROPERTIES, "body": string("答复全文（全文公开时，已清理的HTML）")}
)

ANNUAL_REPORT_PROPERTIES = {
    "year": integer("报告年度"),
    "title": string(),
    "organisation": ref("Organisation"),
    "published_at": DATE_TIME,
    "url": URI,
    "xlsx_url": URI,
    "api_url": URI,
}
NESTED_TABLE = {
    "type": "object",
    "description": "以表格中的原文标签为键；值为数字或下一级表格",
    "additionalProperties": {"anyOf": [{"type": "number"}, {"$ref": "#/components/schemas/Table"}]},
}
ANNUAL_REPORT_DETAIL = obj(
    {
        **ANNUAL_REPORT_PROPERTIES,
        "format": string("报告格式"),
        "tables": {
            "type": "object",
            "description": "冻结的表格：2019年起为表二至表四（以标题为键），此前为“统计数字”",
            "additionalProperties": {
                "anyOf": [ref("Table"), {"type": "number"}, {"type": "string"}]
            },
        },
    }
)

DEADLINE = obj(
    {
        "start": DATE,
        "due": string("答复期限（最后一日）", format="date"),
        "working_days": integer("工作日数"),
    }
)

ERROR = obj(
    {
        "error": string("错误说明（中文）"),
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    optional=("errors",),
)

SCHEMAS = {
    "Error": ERROR,
    "Organisation": ORGANISATION,
    "ColumnRef": COLUMN_REF,
    "Column": COLUMN,
    "DocumentLink": DOCUMENT_LINK,
    "Attachment": ATTACHMENT,
    "Document": obj(DOCUMENT_PROPERTIES),
    "DocumentDetail": DOCUMENT_DETAIL,
    "DocumentList": list_of(ref("Document")),
    "ColumnList": list_of(ref("Column"), paginated=False),
    "Interpretation": obj(INTERPRETATION_PROPERTIES),
    "InterpretationDetail": INTERPRETATION_DETAIL,
    "InterpretationList": list_of(ref("Interpretation")),
    "ProposalReply": obj(PROPOSAL_REPLY_PROPERTIES),
    "ProposalReplyDetail": PROPOSAL_REPLY_DETAIL,
    "ProposalReplyList": list_of(ref("ProposalReply")),
    "Table": NESTED_TABLE,
    "AnnualReport": obj(ANNUAL_REPORT_PROPERTIES),
    "AnnualReportDetail": ANNUAL_REPORT_DETAIL,
    "AnnualReportList": list_of(ref("AnnualReport"), paginated=False),
    "Deadline": DEADLINE,
}


# --- Parameters and responses ---------------------------------------------------------------


def query(name: str, description: str, schema: dict, *, required: bool = False) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema,
    }


def path_param(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": integer(minimum=1),
    }


PARAMETERS = {
    "limit": query(
        "limit", f"每页条数，默认 {DEFAULT_LIMIT}", integer(minimum=1, maximum=MAX_LIMIT)
    ),
    "cursor": query("cursor", "上一页返回的 next_cursor（游标分页）", string()),
    "format": query(
        "format", "json（默认，分页）或 csv（下载全部符合条件的记录）", string(enum=["json", "csv"])
    ),
    "year": query("year", "发布年份", integer(minimum=1990)),
    "organisation": query("organisation", "发布机构：机构 id 或机构代码", string()),
}


def param(name: str) -> dict:
    return {"$ref": f"#/components/parameters/{name}"}


CONDITIONAL_HEADERS = {
    "ETag": {"description": "内容版本标识；可用 If-None-Match 条件请求", "schema": string()},
    "Last-Modified": {"description": "可用 If-Modified-Since 条件请求", "schema": string()},
}


def json_ok(schema_name: str, description: str, *, csv: bool = False) -> dict:
    content = {"application/json": {"schema": ref(schema_name)}}
    if csv:
        content["text/csv"] = {"schema": string("UTF-8（带BOM）CSV，首行为列名")}
    return {"description": description, "headers": CONDITIONAL_HEADERS, "content": content}


ERROR_RESPONSE = {"content": {"application/json": {"schema": ref("Error")}}}
BAD_REQUEST = {"description": "参数无效", **ERROR_RESPONSE}
NOT_FOUND = {"description": "不存在或尚未公开", **ERROR_RESPONSE}
NOT_MODIFIED = {"description": "未修改（条件请求命中）"}


def operation(
    operation_id: str,
    summary: str,
    ok: dict,
    *,
    parameters: list | None = None,
    not_found: bool = False,
    tags: list[str],
) -> dict:
    responses = {"200": ok, "304": NOT_MODIFIED, "400": BAD_REQUEST}
    if not_found:
        responses["404"] = NOT_FOUND
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "tags": tags,
            "parameters": parameters or [],
            "responses": responses,
        }
    }


PATHS = {
    "/documents": operation(
        "listDocuments",
        "已公开的政府信息（按发布时间倒序，游标分页）",
        json_ok("DocumentList", "信息列表", csv=True),
        tags=["政府信息"],
        parameters=[
            query("column", "栏目标识（含下级栏目）", string()),
            param("year"),
            param("organisation"),
            query("topic", "主题分类（一级\\二级）", string()),
            query("genre", "体裁", string(enum=list(Document.Genre.values))),
            query("validity", "有效性", string(enum=list(Document.Validity.values))),
            query("q", "标题或文号包含的关键词", string(maxLength=KEYWORD_MAX_LENGTH)),
            param("limit"),
            param("cursor"),
            param("format"),
        ],
    ),
    "/documents/{id}": operation(
        "getDocument",
        "一条已公开的政府信息：目录信息、正文和附件",
        json_ok("DocumentDetail", "信息"),
        tags=["政府信息"],
        parameters=[path_param("id", "信息 id")],
        not_found=True,
    ),
    "/columns": operation(
        "listColumns",
        "栏目树",
        json_ok("ColumnList", "栏目树（根栏目及其下级）", csv=True),
        tags=["栏目"],
        parameters=[param("format")],
    ),
    "/interpretations": operation(
        "listInterpretations",
        "已公开的政策解读",
        json_ok("InterpretationList", "政策解读列表", csv=True),
        tags=["政策解读"],
        parameters=[
            param("year"),
            query("document", "所解读的政策文件 id", integer(minimum=1)),
            param("limit"),
            param("cursor"),
            param("format"),
        ],
    ),
    "/interpretations/{id}": operation(
        "getInterpretation",
        "一条政策解读",
        json_ok("InterpretationDetail", "政策解读"),
        tags=["政策解读"],
        parameters=[path_param("id", "政策解读 id")],
        not_found=True,
    ),
    "/proposal-replies": operation(
        "listProposalReplies",
        "已公开的建议提案答复（仅代表/委员同意公开的）",
        json_ok("ProposalReplyList", "答复列表", csv=True),
        tags=["建议提案"],
        parameters=[
            query("year", "建议提案年度", integer(minimum=1990)),
            param("limit"),
            param("cursor"),
            param("format"),
        ],
    ),
    "/proposal-replies/{id}": operation(
        "getProposalReply",
        "一条建议提案答复（全文或摘要，按代表/委员意见）",
        json_ok("ProposalReplyDetail", "答复"),
        tags=["建议提案"],
        parameters=[path_param("id", "答复 id")],
        not_found=True,
    ),
    "/annual-reports": operation(
        "listAnnualReports",
        "已发布的政府信息公开工作年度报告",
        json_ok("AnnualReportList", "年报列表"),
        tags=["年度报告"],
    ),
    "/annual-reports/{year}": operation(
        "getAnnualReport",
        "一个年度的年报表格（发布时冻结的数据）",
        json_ok("AnnualReportDetail", "年报"),
        tags=["年度报告"],
        parameters=[
            {
                "name": "year",
                "in": "path",
                "required": True,
                "description": "报告年度",
                "schema": integer(minimum=1990),
            },
            query("organisation", "报告机关：机构 id 或机构代码（默认本网站主办单位）", string()),
        ],
        not_found=True,
    ),
    "/deadline": {
        "get": {
            "operationId": "computeDeadline",
            "summary": "依申请公开答复期限计算（20个工作日，可延长）",
            "tags": ["依申请公开"],
            "parameters": [
                query("start", "收到申请之日", DATE, required=True),
                query(
                    "extension",
                    "延长的工作日数",
                    integer(minimum=0, maximum=MAX_EXTENSION_DAYS),
                ),
            ],
            "responses": {
                "200": {
                    "description": "答复期限",
                    "content": {"application/json": {"schema": ref("Deadline")}},
                },
                "400": BAD_REQUEST,
            },
        }
    },
    "/openapi.json": {
        "get": {
            "operationId": "getOpenApi",
            "summary": "本接口说明（OpenAPI 3.1）",
            "tags": ["接口说明"],
            "responses": {
                "200": {
                    "description": "OpenAPI 文档",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
}

DOCUMENT = {
    "openapi": OPENAPI_VERSION,
    "info": {
        "title": "政务公开门户开放数据接口",
        "version": API_VERSION,
        "description": (
            "只读接口，仅提供已公开的内容。列表按发布时间倒序，使用游标分页："
            "请求返回的 next 地址取下一页；加 format=csv 下载全部符合条件的记录。"
            "参数无效时返回 400 和中文 error。响应带 ETag 和 Last-Modified，支持条件请求。"
        ),
    },
    "servers": [{"url": "/api/v1"}],
    "paths": PATHS,
    "components": {"schemas": SCHEMAS, "parameters": PARAMETERS},
}


def document() -> dict:
    """The OpenAPI document (a copy: callers may not change the module's data)."""
    return deepcopy(DOCUMENT)
