# Generates Sources/MashangWeb/Resources/openapi.json: python3 scripts/generators/openapi.py > Sources/MashangWeb/Resources/openapi.json
# OpenAPIDocumentTests fails when the document and the router (or the domain enumerations) differ.
import json, collections
O = collections.OrderedDict
def ref(name): return {"$ref": "#/components/schemas/" + name}
def err(desc): return {"description": desc, "content": {"application/json": {"schema": ref("Error")}}}
ERR = {
 "400": {"description": "Malformed request: the body is not JSON of the expected shape (the fields that could not be read are named), or the request is not valid HTTP (then the body is empty).",
         "content": {"application/json": {"schema": ref("Error")}}},
 "401": err("No valid bearer token (or wrong username/password)."),
 "403": err("Signed in, but the role, relation to the ticket or token scope does not allow this."),
 "404": err("No such ticket, or out of the user's reach (the two are not distinguished)."),
 "409": err("The ticket's status does not allow this action now."),
 "413": err("The request body is larger than 256 KiB."),
 "415": err("The body is not sent as application/json."),
 "422": err("Validation failed; every bad field is named with a code and a message in the user's language."),
 "429": {"description": "Too many attempts; `Retry-After` says how many seconds to wait.",
         "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
         "content": {"application/json": {"schema": ref("Error")}}},
}
def responses(ok_code, ok, *codes):
    r = O()
    r[ok_code] = ok
    # Any request that is not valid HTTP (a header with control characters …) is refused with 400 by the HTTP parser.
    for c in sorted(set(codes) | {"400"}): r[c] = ERR[c]
    return r
def json_ok(desc, schema): return {"description": desc, "content": {"application/json": {"schema": schema}}}
def body(schema, required=True): return {"required": required, "content": {"application/json": {"schema": schema}}}
lang = {"name": "Accept-Language", "in": "header", "required": False, "description": "zh-Hans (default) or en: the language of names and messages.", "schema": {"type": "string", "maxLength": 200, "pattern": "^[ -~]*$"}}
number = {"name": "number", "in": "path", "required": True, "description": "Ticket number, e.g. MS-2026-000123.", "schema": {"type": "string", "pattern": "^MS-[0-9]{4}-[0-9]{6}$"}, "example": "MS-2026-000001"}
idem = {"name": "Idempotency-Key", "in": "header", "required": False, "description": "1–200 visible ASCII characters; a repeated key returns the first creation (with `Idempotency-Replayed: true`).", "schema": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[!-~]+$"}}
bearer = [{"bearerAuth": []}]
str_ = {"type": "string"}
enums = {
 "channel": ["qr", "hotline", "walkIn", "legalDay", "sentimentReport", "homeVisit", "web", "api"],
 "kind": ["consultation", "help", "complaint", "suggestion", "dispute", "praise"],
 "urgency": ["normal", "urgent", "critical"],
 "status": ["received", "dispatched", "inProgress", "replied", "closed", "reopened", "rejected", "merged", "referred"],
}
schemas = O()
schemas["Error"] = {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
    "code": str_, "message": str_,
    "fields": {"type": "array", "items": {"type": "object", "required": ["field", "code", "message"], "properties": {"field": str_, "code": str_, "message": str_}}}}}}}
schemas["Requester"] = {"type": "object", "description": "The requester. Phone and ID number are masked (138****5678) except in the answer of `/contact`.",
    "properties": {"name": str_, "phone": str_, "idNumber": str_}}
schemas["IntakeRequest"] = {"type": "object", "properties": {
    "channel": {"type": "string", "enum": enums["channel"]}, "kind": {"type": "string", "enum": enums["kind"]},
    "category": str_, "area": str_, "intakePoint": str_, "description": {"type": "string", "maxLength": 2000},
    "urgency": {"type": "string", "enum": enums["urgency"]},
    "requester": {"type": "object", "properties": {"name": str_, "phone": str_, "idNumber": str_}}}}
schemas["CreatedTicket"] = {"type": "object", "required": ["number", "status", "leadOrganization"], "properties": {
    "number": str_, "status": {"type": "string", "enum": enums["status"]}, "leadOrganization": str_,
    "suggestedOrganization": str_, "suggestedDepartment": str_, "trackingCode": str_}}
schemas["TicketSummary"] = {"type": "object", "required": ["number", "status", "channel", "kind", "category", "area", "urgency", "tier", "leadOrganization", "description", "receivedAt", "updatedAt"],
    "properties": {"number": str_, "status": {"type": "string", "enum": enums["status"]}, "channel": {"type": "string", "enum": enums["channel"]},
    "kind": {"type": "string", "enum": enums["kind"]}, "category": str_, "area": str_, "urgency": {"type": "string", "enum": enums["urgency"]},
    "tier": str_, "leadOrganization": str_, "department": str_, "description": str_,
    "receivedAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"}, "satisfaction": str_}}
schemas["TicketPage"] = {"type": "object", "required": ["items", "page", "pageSize", "total", "totalIsLowerBound"], "properties": {
    "items": {"type": "array", "items": ref("TicketSummary")}, "page": {"type": "integer", "minimum": 1},
    "pageSize": {"type": "integer", "minimum": 1, "maximum": 200}, "total": {"type": "integer", "minimum": 0, "description": "Matching tickets, counted up to 10,000, or up to 1,000 for a text search (q other than a ticket number)."},
    "totalIsLowerBound": {"type": "boolean", "description": "True when more tickets match than were counted (total is then the limit)."}}}
schemas["TicketEvent"] = {"type": "object", "required": ["sequence", "occurredAt", "actor", "change"], "properties": {
    "sequence": {"type": "integer", "minimum": 1}, "occurredAt": {"type": "string", "format": "date-time"},
    "actor": {"type": "object", "required": ["username"], "properties": {"username": str_, "organization": str_}},
    "change": {"type": "object", "description": "`type` and the payload of that kind of event."}}}
schemas["Ticket"] = {"type": "object", "description": "The ticket's state with its tasks, replies and follow-ups, and its whole history.",
    "required": ["number", "status", "version", "requester", "events"], "properties": {
    "number": str_, "status": {"type": "string", "enum": enums["status"]}, "version": {"type": "integer", "minimum": 1},
    "requester": ref("Requester"), "leadOrganization": str_, "department": str_, "description": str_,
    "tasks": {"type": "array", "items": {"type": "object"}}, "replies": {"type": "array", "items": {"type": "object"}},
    "followUps": {"type": "array", "items": {"type": "object"}}, "events": {"type": "array", "items": ref("TicketEvent")},
    "deadlines": {"type": "array", "items": ref("Deadline")}}}
schemas["Deadline"] = {"type": "object", "description": "A time limit (docs/time-limits.md) and its standing now.",
    "required": ["kind", "organization", "startedAt", "warnAt", "due", "standing"], "properties": {
    "kind": {"type": "string", "enum": ["signFor", "firstContact", "resolve"]}, "organization": str_, "department": str_,
    "startedAt": {"type": "string", "format": "date-time"}, "warnAt": {"type": "string", "format": "date-time"},
    "due": {"type": "string", "format": "date-time"}, "metAt": {"type": "string", "format": "date-time"},
    "standing": {"type": "string", "enum": ["running", "warning", "overdue", "met", "metLate"]}}}
schemas["ReferenceItems"] = {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": {"type": "object", "required": ["code", "name"], "properties": {
    "code": str_, "name": str_, "parent": str_, "organization": str_, "area": str_, "kind": str_, "allowsAnonymous": {"type": "boolean"}}}}}}
schemas["Credentials"] = {"type": "object", "properties": {"username": {"type": "string", "maxLength": 64}, "password": {"type": "string"}, "scope": {"type": "string", "enum": ["read", "write"]}}}
schemas["Token"] = {"type": "object", "required": ["token", "expiresAt", "scope"], "properties": {"token": str_, "expiresAt": {"type": "string", "format": "date-time"}, "scope": {"type": "string", "enum": ["read", "write"]}}}
schemas["Me"] = {"type": "object", "required": ["username", "role", "organization"], "properties": {"username": str_, "role": str_, "organization": str_, "department": str_}}
schemas["Health"] = {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok", "unavailable"]}}}

paths = O()
paths["/health"] = {"get": {"operationId": "health", "summary": "Liveness and database check.", "responses": dict(responses("200", json_ok("The server and its database answer.", ref("Health"))),
    **{"503": json_ok("The database does not answer.", ref("Health"))})}}
for name, what in [("categories", "The category tree (诉求分类)."), ("organizations", "The member organisations."), ("departments", "Departments of the organisations."), ("areas", "Communities and grids."), ("intake-points", "QR intake points.")]:
    paths["/api/v1/" + name] = {"get": {"operationId": "reference-" + name, "summary": what, "tags": ["reference"], "parameters": [lang],
        "responses": responses("200", json_ok("Codes with names in the request's language.", ref("ReferenceItems")))}}
paths["/api/v1/openapi.json"] = {"get": {"operationId": "openapi", "summary": "This document.", "tags": ["reference"], "responses": responses("200", json_ok("OpenAPI 3.0 document.", {"type": "object"}))}}
intake_example = {"intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak", "description": "三栋顶楼屋顶漏水,雨天滴水严重",
    "requester": {"name": "王华", "phone": "13812345678"}}
def body_example(schema, example):
    b = body(schema); b["content"]["application/json"]["example"] = example; return b
paths["/api/v1/intake"] = {"post": {"operationId": "public-intake", "summary": "Public intake (the QR form's API): an intake point is required; the answer carries the tracking code.", "tags": ["intake"],
    "parameters": [idem, lang], "requestBody": body_example(ref("IntakeRequest"), intake_example),
    "responses": responses("201", json_ok("Created (or replayed for a repeated Idempotency-Key).", ref("CreatedTicket")), "400", "413", "415", "422", "429")}}
paths["/api/v1/auth/token"] = {
  "post": {"operationId": "issue-token", "summary": "Exchange username and password for a bearer token (shown once).", "tags": ["auth"], "parameters": [lang],
    "requestBody": body(ref("Credentials")), "responses": responses("200", json_ok("The token; only its digest is stored.", ref("Token")), "400", "401", "413", "415", "422", "429")},
  "delete": {"operationId": "revoke-token", "summary": "Sign this token out; it stops working at once.", "tags": ["auth"], "security": bearer,
    "responses": responses("204", {"description": "Signed out."}, "401")}}
paths["/api/v1/me"] = {"get": {"operationId": "me", "summary": "The signed-in user.", "tags": ["auth"], "security": bearer,
    "responses": responses("200", json_ok("Who the token belongs to.", ref("Me")), "401")}}
q = lambda n, d, s=None: {"name": n, "in": "query", "required": False, "description": d, "schema": s or {"type": "string"}}
list_params = [q("status", "Comma-separated statuses."), q("organization", "Lead organisation code."), q("department", "Department code."),
    q("category", "Category code, with its subtree."), q("area", "Area code, with its subtree."), q("channel", "Channel.", {"type": "string", "enum": enums["channel"]}),
    q("kind", "Kind.", {"type": "string", "enum": enums["kind"]}), q("from", "First day received, yyyy-MM-dd (China time)."), q("to", "Last day received, yyyy-MM-dd."),
    q("q", "Chinese text in the description, or a ticket number.", {"type": "string", "maxLength": 100}),
    q("phone", "The requester's phone, any spelling (matched by keyed hash)."),
    q("due", "Open-task deadlines.", {"type": "string", "enum": ["overdue", "soon", "none"]}), q("sort", "Order.", {"type": "string", "enum": ["newest", "oldest"]}),
    q("page", "Page, from 1.", {"type": "integer", "minimum": 1, "maximum": 100000}), q("pageSize", "Page size, at most 200.", {"type": "integer", "minimum": 1, "maximum": 200}), lang]
paths["/api/v1/tickets"] = {
  "get": {"operationId": "list-tickets", "summary": "Tickets the user may see, filtered and paginated (scoped in the database).", "tags": ["tickets"], "security": bearer,
    "parameters": list_params, "responses": responses("200", json_ok("One page.", ref("TicketPage")), "401", "422")},
  "post": {"operationId": "create-ticket", "summary": "Intake at the joint desk (hotline, walk-in …).", "tags": ["tickets"], "security": bearer,
    "parameters": [idem, lang], "requestBody": body_example(ref("IntakeRequest"), dict(intake_example, channel="hotline", area="jiangzuan-grid1")),
    "responses": responses("201", json_ok("Created (or replayed).", ref("CreatedTicket")), "400", "401", "403", "413", "415", "422")}}
paths["/api/v1/tickets/{number}"] = {"get": {"operationId": "show-ticket", "summary": "One ticket with its history; contact masked.", "tags": ["tickets"], "security": bearer,
    "parameters": [number, lang], "responses": responses("200", json_ok("The ticket.", ref("Ticket")), "401", "404")}}
paths["/api/v1/tickets/{number}/contact"] = {"post": {"operationId": "reveal-contact", "summary": "Show the requester's contact in clear (handling chain only; audited).", "tags": ["tickets"], "security": bearer,
    "parameters": [number, lang], "responses": responses("200", json_ok("The contact in clear.", ref("Requester")), "401", "403", "404")}}
obj = lambda props, req=(): dict({"type": "object", "properties": props}, **({"required": list(req)} if req else {}))
actions = [
 ("dispatch", "派单: send the ticket to an organisation (and department), with assisting organisations.", obj({"organization": str_, "department": str_, "assisting": {"type": "array", "items": str_}, "note": str_})),
 ("acknowledge", "签收: the lead organisation signs for it.", obj({})),
 ("send-back", "退回: return it with a reason.", obj({"reason": {"type": "string", "enum": ["notOurJurisdiction", "insufficientInformation", "duplicate", "other"]}, "note": str_})),
 ("assign", "Assign to a department (and handler).", obj({"department": str_, "handler": str_})),
 ("tasks", "Add a task to the task list (任务清单).", obj({"title": str_, "department": str_, "responsiblePerson": str_, "dueDate": {"type": "string", "description": "yyyy-MM-dd"}})),
 ("reply", "答复: the answer to the requester.", obj({"text": str_, "contactMethod": {"type": "string", "enum": ["phone", "sms", "visit", "inPerson", "letter", "online"]}})),
 ("follow-up", "回访: record the requester's satisfaction.", obj({"satisfaction": {"type": "string", "enum": ["satisfied", "basicallySatisfied", "unsatisfied"]}, "note": str_})),
 ("escalate", "Escalate one tier.", obj({"note": str_})),
 ("merge", "Merge into another open ticket.", obj({"into": str_})),
 ("reject", "不予受理: reject with a reason.", obj({"reason": str_})),
 ("answer", "Answer a consultation directly.", obj({"text": str_})),
 ("reopen", "Reopen a closed ticket (supervisors).", obj({"reason": str_})),
 ("request-extension", "延期申请: ask for more time on a running limit, until the close of business of a day.",
  obj({"deadline": {"type": "string", "enum": ["signFor", "firstContact", "resolve"]}, "until": {"type": "string", "description": "yyyy-MM-dd"}, "reason": str_})),
 ("record-contact", "记录联系: a call or visit to the requester before the reply (meets the first-contact limit).",
  obj({"method": {"type": "string", "enum": ["phone", "sms", "visit", "inPerson", "letter", "online"]}, "note": str_})),
 ("decide-extension", "Approve or refuse the pending extension (the joint centre's supervisors); a refusal needs a note.",
  obj({"approve": {"type": "boolean"}, "note": str_})),
 ("request-pause", "中止计时申请: ask to stop the clock of the running first-contact and resolve limits while something outside the unit's hands is awaited, until a day at the latest (at most 60 days ahead).",
  obj({"reason": {"type": "string", "enum": ["requesterMaterials", "appraisal", "courtProcedure", "weather"]}, "resumeOn": {"type": "string", "description": "yyyy-MM-dd"}, "note": str_})),
 ("decide-pause", "Approve or refuse the pending pause (the joint centre's supervisors); a refusal needs a note. An approved pause stops the clock from the moment of approval.",
  obj({"approve": {"type": "boolean"}, "note": str_})),
 ("resume", "Run the clock again before the expected day: `arrived` when what was awaited has come, otherwise by hand.",
  obj({"arrived": {"type": "boolean"}, "note": str_})),
 ("refer", "转交机制外: the joint centre refers a request outside every member's competence to a named outside body (city 12345, a ministry's hotline, arbitration), with the referral letter; before dispatch or once escalated to the joint tier. The requester is told where it went.",
  obj({"body": str_, "contact": str_, "letter": str_})),
]
for name, summary, schema in actions:
    paths["/api/v1/tickets/{number}/" + name] = {"post": {"operationId": "ticket-" + name, "summary": summary, "tags": ["ticket actions"], "security": bearer,
        "parameters": [number, lang], "requestBody": body(schema),
        "responses": responses("200", json_ok("The ticket after the action.", ref("Ticket")), "400", "401", "403", "404", "409", "413", "415", "422")}}
schemas["Notifications"] = {"type": "object", "required": ["items", "unread"], "properties": {
    "unread": {"type": "integer", "minimum": 0},
    "items": {"type": "array", "items": {"type": "object", "required": ["id", "kind", "ticket", "text", "createdAt", "read"], "properties": {
        "id": {"type": "integer"}, "kind": {"type": "string", "enum": ["dispatched", "sentBack", "dueSoon", "overdue", "ratingReceived", "escalated", "extensionRequested", "extensionDecided", "pauseRequested", "pauseDecided", "resumed"]},
        "ticket": str_, "text": str_, "createdAt": {"type": "string", "format": "date-time"}, "read": {"type": "boolean"}}}}}}
paths["/api/v1/notifications"] = {"get": {"operationId": "notifications", "summary": "The user's inbox: notifications for their role's audiences, newest first, with the unread count.",
    "tags": ["notifications"], "security": bearer, "parameters": [lang], "responses": responses("200", json_ok("The newest 50.", ref("Notifications")), "401")}}
paths["/api/v1/notifications/read"] = {"post": {"operationId": "notifications-read", "summary": "Mark notifications read (at most 200 ids; others' are ignored).",
    "tags": ["notifications"], "security": bearer, "parameters": [lang],
    "requestBody": body(obj({"ids": {"type": "array", "items": {"type": "integer"}, "maxItems": 200}})),
    "responses": responses("204", {"description": "Marked."}, "400", "401", "403", "413", "415", "422")}}
paths["/api/v1/hotspots"] = {"get": {"operationId": "hotspots", "summary": "预警: clusters of similar requests (same community and category, similar wording) in the last days, biggest and fastest-growing first.",
    "tags": ["supervision"], "security": bearer, "parameters": [q("days", "Window in days, 1–90 (default 14).", {"type": "integer", "minimum": 1, "maximum": 90}), lang],
    "responses": responses("200", json_ok("The clusters.", {"type": "object", "required": ["days", "hotspots"], "properties": {
        "days": {"type": "integer"}, "hotspots": {"type": "array", "items": {"type": "object", "required": ["area", "category", "tickets", "recent", "earlier", "example", "terms"]}}}}),
        "401", "403", "422")}}
paths["/api/v1/conduct"] = {"get": {"operationId": "conduct", "summary": "作风监督: conduct figures per organisation and department over a period (leaders, supervisors, administrators), each with its definition and tickets.",
    "tags": ["supervision"], "security": bearer,
    "parameters": [q("from", "First day, yyyy-MM-dd (default 29 days before today)."), q("to", "Last day, yyyy-MM-dd (default today); at most 366 days."), lang],
    "responses": responses("200", json_ok("The figures.", {"type": "object", "required": ["from", "to", "definitions", "units", "boilerplate"], "properties": {
        "from": str_, "to": str_, "definitions": {"type": "object"}, "units": {"type": "array", "items": {"type": "object"}},
        "boilerplate": {"type": "array", "items": {"type": "object"}}}}), "401", "403", "422")}}
paths["/api/v1/tickets/{number}/tasks/{task}/complete"] = {"post": {"operationId": "ticket-complete-task", "summary": "Complete a task with its result.", "tags": ["ticket actions"], "security": bearer,
    "parameters": [number, {"name": "task", "in": "path", "required": True, "schema": {"type": "integer"}}, lang],
    "requestBody": body(obj({"result": str_})),
    "responses": responses("200", json_ok("The ticket after the action.", ref("Ticket")), "400", "401", "403", "404", "409", "413", "415", "422")}}
figure_measures = ["received", "responded", "respondedOnTime", "contacted", "closed", "closedAnswered", "closedUnrated", "satisfied",
                   "basicallySatisfied", "unsatisfied", "overdue", "bounced", "signCount", "signSeconds", "contactCount", "contactSeconds",
                   "closeCount", "closeSeconds"]
ticket_flags = figure_measures[:12]
figure_dimensions = ["total", "channel", "kind", "category", "area", "organization", "department", "tier", "areaCategory"]
figure_rates = ["response", "resolution", "satisfaction"]
counts = {"type": "object", "description": "One count per measure.", "properties": O((m, {"type": "integer"}) for m in figure_measures)}
schemas["FigureDefinitions"] = {"type": "object", "required": ["response", "unratedClosuresResolve", "satisfiedWeight", "basicallySatisfiedWeight"], "properties": {
    "response": {"type": "string", "enum": ["signed", "signedOnTime"]}, "unratedClosuresResolve": {"type": "boolean"},
    "satisfiedWeight": {"type": "number", "minimum": 0, "maximum": 1}, "basicallySatisfiedWeight": {"type": "number", "minimum": 0, "maximum": 1}}}
schemas["Figures"] = {"type": "object", "description": "Counts of the tickets received in the period (a cohort by received day), in the user's scope.",
    "required": ["scope", "from", "to", "definitions", "rates", "total", "lastYear", "byDimension"], "properties": {
    "scope": str_, "from": str_, "to": str_, "definitions": ref("FigureDefinitions"),
    "rates": {"type": "object", "properties": O((r, {"type": "number", "nullable": True}) for r in figure_rates)},
    "total": counts, "lastYear": counts,
    "byDimension": {"type": "object", "description": "Per dimension, per value: the counts.",
                    "additionalProperties": {"type": "object", "additionalProperties": counts}}}}
schemas["CommonIssue"] = {"type": "object", "required": ["id", "title", "category", "area", "organization", "status", "createdBy", "createdAt", "tickets"], "properties": {
    "id": {"type": "integer"}, "title": str_, "category": str_, "area": str_, "organization": str_, "department": str_,
    "status": {"type": "string", "enum": ["open", "answered"]}, "answer": str_, "createdBy": str_, "createdAt": {"type": "string", "format": "date-time"},
    "answeredBy": str_, "answeredAt": {"type": "string", "format": "date-time"}, "tickets": {"type": "array", "items": str_}}}
day = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
period = [q("from", "First received day, yyyy-MM-dd (default 1 January of this year).", day),
          q("to", "Last received day, yyyy-MM-dd (default today); at most about three years after `from`.", day)]
paths["/api/v1/figures"] = {"get": {"operationId": "figures", "summary": "数据看板: the figures of the user's scope for a period, with the same period last year and the rates under the definitions in force.",
    "tags": ["figures"], "security": bearer, "parameters": period + [lang],
    "responses": responses("200", json_ok("The figures.", ref("Figures")), "401", "422")}}
paths["/api/v1/figures/tickets"] = {"get": {"operationId": "figure-tickets", "summary": "The tickets behind a figure: their number equals the figure's count.",
    "tags": ["figures"], "security": bearer, "parameters": period + [
        q("dimension", "Breakdown dimension (default total).", {"type": "string", "enum": figure_dimensions}),
        q("value", "The dimension's value (for areaCategory: area|category).", {"type": "string", "maxLength": 200}),
        q("measure", "Tickets for which this holds (default received); `rated`: any rating (the satisfaction rate's base).", {"type": "string", "enum": ticket_flags + ["rated"]}),
        q("rate", "Instead of a measure: the numerator of this rate under the definitions in force.", {"type": "string", "enum": figure_rates}),
        q("page", "Page, 50 tickets each.", {"type": "integer", "minimum": 1, "maximum": 10000}), lang],
    "responses": responses("200", json_ok("One page of the tickets, newest first, with their exact number.", {"type": "object",
        "required": ["total", "page", "pageSize", "items"], "properties": {"total": {"type": "integer", "minimum": 0}, "page": {"type": "integer"},
        "pageSize": {"type": "integer"}, "items": {"type": "array", "items": ref("TicketSummary")}}}), "401", "422")}}
issue_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
paths["/api/v1/common-issues"] = {
    "get": {"operationId": "common-issues", "summary": "共性问题: common issues the user may see (the joint centre all, an organisation those it is responsible for).",
        "tags": ["figures"], "security": bearer, "parameters": [lang],
        "responses": responses("200", json_ok("Newest first.", {"type": "object", "required": ["issues"], "properties": {"issues": {"type": "array", "items": ref("CommonIssue")}}}), "401")},
    "post": {"operationId": "common-issue-create", "summary": "Turn tickets (a hotspot) into one common issue handled at the source by a responsible unit (the joint centre's coordinators). Every ticket must be open, visible to the user and in no other issue, or nothing is created.",
        "tags": ["figures"], "security": bearer, "parameters": [lang],
        "requestBody": body(obj({"title": {"type": "string", "maxLength": 100}, "organization": str_, "department": str_,
                                 "tickets": {"type": "array", "items": str_, "minItems": 2, "maxItems": 500}}, ["title", "organization", "tickets"])),
        "responses": responses("201", json_ok("Opened; each ticket's history records it.", ref("CommonIssue")), "400", "401", "403", "413", "415", "422")}}
paths["/api/v1/common-issues/{id}"] = {"get": {"operationId": "common-issue", "summary": "One common issue.", "tags": ["figures"], "security": bearer,
    "parameters": [issue_id, lang], "responses": responses("200", json_ok("The issue.", ref("CommonIssue")), "401", "404")}}
paths["/api/v1/common-issues/{id}/answer"] = {"post": {"operationId": "common-issue-answer", "summary": "Answer the issue once; the answer becomes the reply of every member ticket still open.",
    "tags": ["figures"], "security": bearer, "parameters": [issue_id, lang], "requestBody": body(obj({"text": {"type": "string", "maxLength": 2000}}, ["text"])),
    "responses": responses("200", json_ok("The issue and the tickets that received the answer.", {"type": "object", "required": ["issue", "replied"], "properties": {
        "issue": ref("CommonIssue"), "replied": {"type": "array", "items": str_}}}), "400", "401", "403", "404", "409", "413", "415", "422")}}

# The registers of the mechanism's other arms (RegisterKind.schema); OpenAPIDocumentTests checks these lists against the domain.
registers = O([
 ("mediation", ("mediations", ["open", "agreed", "partial", "failed", "confirmation", "confirmed"], ["party", "mediator", "session"],
                ["agree", "settlePartly", "fail", "requestConfirmation", "confirm"], [])),
 ("risk", ("risks", ["identified", "controlling", "resolved"], ["dutyPost", "inspection"], ["control", "changeLevel", "resolve", "reopen"], [])),
 ("sentiment", ("sentiment-reports", ["filed", "reviewed"], ["note"], ["review"], ["sentimentReport"])),
 ("household", ("households", ["active", "ended"], ["visitPlan", "visit", "assistance", "call"], ["end", "resume"], ["homeVisit", "hotline"])),
 ("commendation", ("commendations", ["recorded"], [], [], [])),
 ("outreach", ("outreach", ["planned", "held"], ["question", "answer"], ["hold"], ["walkIn"])),
])
schemas["RegisterValue"] = {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "array", "items": str_}],
    "description": "A field's value: text (dates yyyy-MM-dd, times HH:mm, months yyyy-MM, codes), a whole number, or a list of codes."}
schemas["RegisterFields"] = {"type": "object", "additionalProperties": ref("RegisterValue"),
    "description": "Fields by name; the names, types and which are required are the register's (docs/mechanism.md). Personal fields (names, phones, addresses) are masked except in `/reveal`."}
schemas["RegisterEvent"] = obj({"sequence": {"type": "integer", "minimum": 1}, "kind": {"type": "string", "enum": ["created", "entry", "action", "ticket"]},
    "name": str_, "fields": ref("RegisterFields"), "status": str_, "actor": obj({"username": str_, "organization": str_}, ["username"]),
    "occurredAt": {"type": "string", "format": "date-time"}}, ["sequence", "kind", "name", "fields", "status", "actor", "occurredAt"])
schemas["RegisterRecord"] = obj({"id": {"type": "integer", "minimum": 1}, "kind": {"type": "string", "enum": list(registers.keys())}, "status": str_,
    "organization": str_, "parties": {"type": "array", "items": str_}, "fields": ref("RegisterFields"), "day": day,
    "history": {"type": "array", "items": ref("RegisterEvent")}}, ["id", "kind", "status", "organization", "parties", "fields", "day", "history"])
record_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
changes = ("400", "401", "403", "404", "409", "413", "415", "422")
for kind, (path, statuses, entries, actions, channels) in registers.items():
    base = "/api/v1/" + path
    tag = ["mechanism"]
    paths[base] = {
        "get": {"operationId": f"{kind}-list", "summary": f"Records of the {kind} register the user may see, newest first.", "tags": tag, "security": bearer,
            "parameters": [q("status", "Only this status.", {"type": "string", "enum": statuses}), q("limit", "At most this many (1–200, default 50).", {"type": "integer", "minimum": 1, "maximum": 200}),
                           q("offset", "Skip this many.", {"type": "integer", "minimum": 0, "maximum": 1000000}), lang],
            "responses": responses("200", json_ok("A page of records (personal fields masked) and how many there are.", obj({"records": {"type": "array", "items": ref("RegisterRecord")},
                "total": {"type": "integer", "minimum": 0}}, ["records", "total"])), "401", "403", "422")},
        "post": {"operationId": f"{kind}-create", "summary": f"Open a {kind} record.", "tags": tag, "security": bearer, "parameters": [lang],
            "requestBody": body(obj({"fields": ref("RegisterFields")}, ["fields"])),
            "responses": responses("201", json_ok("The new record.", ref("RegisterRecord")), "400", "401", "403", "409", "413", "415", "422")}}
    paths[base + "/{id}"] = {"get": {"operationId": f"{kind}-get", "summary": "One record with its history (personal fields masked).", "tags": tag, "security": bearer,
        "parameters": [record_id, lang], "responses": responses("200", json_ok("The record.", ref("RegisterRecord")), "401", "404")}}
    paths[base + "/{id}/reveal"] = {"post": {"operationId": f"{kind}-reveal", "summary": "The record with personal data in clear (audited).", "tags": tag, "security": bearer,
        "parameters": [record_id, lang], "responses": responses("200", json_ok("The record in clear.", ref("RegisterRecord")), "401", "403", "404")}}
    if entries:
        paths[base + "/{id}/entries"] = {"post": {"operationId": f"{kind}-entry", "summary": "Add an entry; refused (409) in a status that does not take it.", "tags": tag,
            "security": bearer, "parameters": [record_id, lang], "requestBody": body(obj({"entry": {"type": "string", "enum": entries}, "fields": ref("RegisterFields")}, ["entry", "fields"])),
            "responses": responses("201", json_ok("The record after the entry.", ref("RegisterRecord")), *changes)}}
    else:
        paths[base + "/{id}/entries"] = {"post": {"operationId": f"{kind}-entry", "summary": "This register has no entries: always refused.", "tags": tag,
            "security": bearer, "parameters": [record_id, lang], "requestBody": body(obj({"entry": str_, "fields": ref("RegisterFields")}, ["entry", "fields"])),
            "responses": responses("201", json_ok("Never.", ref("RegisterRecord")), *changes)}}
    paths[base + "/{id}/actions"] = {"post": {"operationId": f"{kind}-action", "summary": "Change the status; refused (409) from another status or before the entries it needs.", "tags": tag,
        "security": bearer, "parameters": [record_id, lang],
        "requestBody": body(obj({"action": {"type": "string", "enum": actions} if actions else str_, "fields": ref("RegisterFields")}, ["action"])),
        "responses": responses("200", json_ok("The record after the action.", ref("RegisterRecord")), *changes)}}
    if channels:
        paths[base + "/{id}/tickets"] = {"post": {"operationId": f"{kind}-ticket", "summary": "Raise a ticket from the record (a concern, a call, a question); it enters the normal loop and stays linked.",
            "tags": tag, "security": bearer, "parameters": [record_id, lang],
            "requestBody": body(obj({"channel": {"type": "string", "enum": channels}, "kind": {"type": "string", "enum": enums["kind"]}, "category": str_, "area": str_,
                "description": {"type": "string", "maxLength": 2000}, "name": str_, "phone": str_, "entry": {"type": "integer", "minimum": 1}})),
            "responses": responses("201", json_ok("The record and the ticket's number.", obj({"record": ref("RegisterRecord"), "ticket": str_}, ["record", "ticket"])), *changes)}}
schemas["MechanismCounts"] = obj({"records": {"type": "object", "additionalProperties": {"type": "integer"}}, "quantities": {"type": "object", "additionalProperties": {"type": "integer"}},
    "entries": {"type": "object", "additionalProperties": {"type": "integer"}}, "lawRelated": {"type": "integer", "minimum": 0},
    "bookings": {"type": "object", "additionalProperties": {"type": "integer"}}}, ["records", "quantities", "entries", "lawRelated", "bookings"])
paths["/api/v1/mechanism/figures"] = {"get": {"operationId": "mechanism-figures", "summary": "The registers' figures in the user's scope: records by register and status, entries (人次), law-related tickets, reception day bookings; for a period or since the beginning.",
    "tags": ["mechanism"], "security": bearer, "parameters": [q("from", "First day, yyyy-MM-dd.", day), q("to", "Last day, yyyy-MM-dd.", day), lang],
    "responses": responses("200", json_ok("The counts.", ref("MechanismCounts")), "401", "403", "422")}}
month = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}
schemas["ReceptionSlot"] = obj({"id": {"type": "integer"}, "month": month, "judge": str_, "organization": str_, "starts": str_, "ends": str_, "place": str_,
    "capacity": {"type": "integer"}, "booked": {"type": "integer"}}, ["id", "month", "judge", "organization", "starts", "ends", "place", "capacity", "booked"])
schemas["ReceptionBooking"] = obj({"id": {"type": "integer"}, "slot": {"type": "integer"}, "code": str_, "name": str_, "phone": str_, "topic": str_,
    "status": {"type": "string", "enum": ["booked", "cancelled", "attended", "absent"]}, "ticket": str_}, ["id", "slot", "code", "name", "phone", "topic", "status"])
booking_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
paths["/api/v1/legal-day"] = {"get": {"operationId": "legal-day", "summary": "企法联合专题接访日 of a month: its date (the 20th, or the next working day; or moved, or cancelled), the judges' slots and the bookings (names and phones masked).",
    "tags": ["mechanism"], "security": bearer, "parameters": [q("month", "yyyy-MM (default this month).", month), lang],
    "responses": responses("200", json_ok("The day.", obj({"month": month, "day": day, "cancelled": {"type": "boolean"}, "slots": {"type": "array", "items": ref("ReceptionSlot")},
        "bookings": {"type": "array", "items": ref("ReceptionBooking")}}, ["month", "cancelled", "slots", "bookings"])), "401", "403", "422")}}
paths["/api/v1/legal-day/slots"] = {"post": {"operationId": "legal-day-slot", "summary": "Add a judge's slot to a month (mediators, the joint centre's coordinators).",
    "tags": ["mechanism"], "security": bearer, "parameters": [lang],
    "requestBody": body(obj({"month": month, "judge": {"type": "string", "maxLength": 50}, "organization": str_, "starts": str_, "ends": str_,
        "place": {"type": "string", "maxLength": 100}, "capacity": {"type": "integer", "minimum": 1, "maximum": 50}}, ["month", "judge", "organization", "starts", "ends", "place", "capacity"])),
    "responses": responses("201", json_ok("The slot.", ref("ReceptionSlot")), "400", "401", "403", "413", "415", "422")}}
paths["/api/v1/legal-day/bookings/{id}/attendance"] = {"post": {"operationId": "legal-day-attendance", "summary": "Record whether the resident came (from the day on).",
    "tags": ["mechanism"], "security": bearer, "parameters": [booking_id, lang],
    "requestBody": body(obj({"status": {"type": "string", "enum": ["attended", "absent"]}}, ["status"])),
    "responses": responses("200", json_ok("The booking (masked).", ref("ReceptionBooking")), *changes)}}
paths["/api/v1/legal-day/bookings/{id}/ticket"] = {"post": {"operationId": "legal-day-ticket", "summary": "The attended consultation becomes a new law-related ticket (channel legalDay) or joins an existing one (`number`).",
    "tags": ["mechanism"], "security": bearer, "parameters": [booking_id, lang],
    "requestBody": body(obj({"number": str_, "kind": {"type": "string", "enum": enums["kind"]}, "category": str_, "area": str_, "description": {"type": "string", "maxLength": 2000}})),
    "responses": responses("201", json_ok("The ticket's number.", obj({"ticket": str_}, ["ticket"])), *changes)}}

doc = O([("openapi", "3.0.3"), ("info", {"title": "Mashang (码上) API", "version": "1.0.0",
    "description": "Joint request handling for an enterprise community and the local government, police and court. Errors are `{\"error\": {\"code\", \"message\", \"fields\"}}` with the message in the language of `Accept-Language` (zh-Hans by default). Authorisation: docs/authorization.md."}),
    ("servers", [{"url": "/"}]), ("paths", paths),
    ("components", {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/auth/token."}}, "schemas": schemas})])
print(json.dumps(doc, ensure_ascii=False, indent=1))
