import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The registers' JSON API: `/api/v1/<register>` lists and opens records, `/<id>` reads one (personal fields masked),
/// `/<id>/entries`, `/<id>/actions`, `/<id>/tickets` change it, `/<id>/reveal` reads it in clear (audited).
struct RegisterAPIController {
    let service: RegisterService

    func addRoutes(to api: RouterGroup<StaffRequestContext>) {
        for kind in RegisterKind.allCases {
            let path = kind.path
            api.get(RouterPath(path)) { request, context in try await list(kind, request, context) }
            api.post(RouterPath(path)) { request, context in
                struct Body: Decodable { var fields: RegisterFields }
                let body = try await JSONBody.decode(Body.self, from: request)
                let record = try await labelled(kind) {
                    try await service.open(kind, body.fields, by: context.staff, address: context.clientAddress)
                }
                return JSONBody.response(record.masked, status: .created)
            }
            api.get(RouterPath(path + "/:id")) { _, context in
                JSONBody.response(try await service.record(kind, try RegisterPagesController.id(context), for: context.staff).masked)
            }
            api.post(RouterPath(path + "/:id/reveal")) { _, context in
                JSONBody.response(
                    try await service.reveal(
                        kind, try RegisterPagesController.id(context), by: context.staff, address: context.clientAddress))
            }
            api.post(RouterPath(path + "/:id/entries")) { request, context in
                struct Body: Decodable { var entry: String; var fields: RegisterFields }
                let body = try await JSONBody.decode(Body.self, from: request)
                let id = try RegisterPagesController.id(context)
                let record = try await labelled(kind) {
                    try await service.addEntry(kind, id, entry: body.entry, body.fields, by: context.staff, address: context.clientAddress)
                }
                return JSONBody.response(record.masked, status: .created)
            }
            api.post(RouterPath(path + "/:id/actions")) { request, context in
                struct Body: Decodable { var action: String; var fields: RegisterFields? }
                let body = try await JSONBody.decode(Body.self, from: request)
                let id = try RegisterPagesController.id(context)
                let record = try await labelled(kind) {
                    try await service.act(
                        kind, id, action: body.action, body.fields ?? [:], by: context.staff, address: context.clientAddress)
                }
                return JSONBody.response(record.masked)
            }
            if !kind.schema.ticketChannels.isEmpty {
                api.post(RouterPath(path + "/:id/tickets")) { request, context in
                    let body = try await JSONBody.decode(RegisterService.TicketRequest.self, from: request)
                    let (record, number) = try await service.raiseTicket(
                        kind, try RegisterPagesController.id(context), body, by: context.staff,
                        address: context.clientAddress)
                    struct Raised: Encodable { var record: RegisterRecord; var ticket: String }
                    return JSONBody.response(Raised(record: record.masked, ticket: number), status: .created)
                }
            }
        }
    }

    func list(_ kind: RegisterKind, _ request: Request, _ context: StaffRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var rules = FieldRules()
        let limit = query.get("limit").map { Int($0) ?? -1 } ?? 50
        let offset = query.get("offset").map { Int($0) ?? -1 } ?? 0
        rules.require((1...200).contains(limit), "limit", "invalid")
        rules.require(offset >= 0, "offset", "invalid")
        try rules.check()
        let filter = try RegisterListFilter.parse(status: query.get("status"), from: query.get("from"), to: query.get("to"), kind: kind)
        let (records, total) = try await service.list(kind, for: context.staff, filter: filter, limit: limit, offset: offset)
        struct Body: Encodable { var records: [RegisterRecord]; var total: Int }
        return JSONBody.response(Body(records: records.map(\.masked), total: total))
    }

    /// Validation problems named with the register's own field labels.
    func labelled<T>(_ kind: RegisterKind, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as ValidationError {
            var api = APIError.validation(error.fields)
            api.labelPrefix = "register.\(kind.rawValue).field."
            throw api
        }
    }
}
