import Hummingbird
import MashangCore
import MashangServices

/// Public intake behind the QR codes: no account, an intake point is required, the answer carries a tracking code.
struct IntakeController {
    let service: TicketService

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("intake", use: submit)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = try IdempotencyKey.scoped(request, scope: "public")
        let body = try await JSONBody.decode(IntakeRequest.self, from: request)
        try await service.checkPublicIntakeLimits(address: context.clientAddress, phone: body.requester?.phone)
        let result = try await service.create(body, source: .publicForm, idempotencyKey: key)
        return JSONBody.response(
            CreatedTicketView(result.ticket.state, includeTrackingCode: true), status: .created,
            headers: result.created ? [:] : [IdempotencyKey.replayed: "true"])
    }
}
