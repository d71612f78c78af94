import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Staff ticket API: intake at the joint desk, list, detail and every lifecycle action.
struct TicketController {
    let service: TicketService
    let reference: ReferenceCache

    func addRoutes(to group: RouterGroup<StaffRequestContext>) {
        group.post(use: create)
        group.get(use: list)
        group.get(":number", use: show)
        group.post(":number/contact", use: contact)
        group.get(":number/photos", use: photos)
        group.get(":number/photos/:position", use: photo)
        group.post(":number/photos", use: addPhotos)
        group.post(":number/dispatch", use: action(DispatchBody.self))
        group.post(":number/acknowledge", use: action(AcknowledgeBody.self))
        group.post(":number/send-back", use: action(SendBackBody.self))
        group.post(":number/assign", use: action(AssignBody.self))
        group.post(":number/tasks", use: action(AddTaskBody.self))
        group.post(":number/tasks/:task/complete", use: completeTask)
        group.post(":number/reply", use: action(ReplyBody.self))
        group.post(":number/follow-up", use: action(FollowUpBody.self))
        group.post(":number/escalate", use: action(EscalateBody.self))
        group.post(":number/merge", use: action(MergeBody.self))
        group.post(":number/reject", use: action(RejectBody.self))
        group.post(":number/answer", use: action(AnswerBody.self))
        group.post(":number/reopen", use: action(ReopenBody.self))
        group.post(":number/request-extension", use: action(RequestExtensionBody.self))
        group.post(":number/decide-extension", use: action(DecideExtensionBody.self))
        group.post(":number/record-contact", use: action(ContactBody.self))
        group.post(":number/request-pause", use: action(RequestPauseBody.self))
        group.post(":number/decide-pause", use: action(DecidePauseBody.self))
        group.post(":number/resume", use: action(ResumeBody.self))
        group.post(":number/refer", use: action(ReferBody.self))
        group.post(":number/register-petition", use: action(RegisterPetitionBody.self))
        group.post(":number/decide-petition", use: action(DecidePetitionBody.self))
        group.post(":number/extend-petition", use: action(ExtendPetitionBody.self))
        group.post(":number/request-review", use: action(RequestPetitionReviewBody.self))
        group.post(":number/decide-review", use: action(DecidePetitionReviewBody.self))
    }

    @Sendable func create(_ request: Request, context: StaffRequestContext) async throws -> Response {
        guard TicketPolicy.mayCreateTickets(context.staff) else { throw AccessError.forbidden }
        let key = try IdempotencyKey.scoped(request, scope: "staff:" + context.staff.username)
        let body = try await JSONBody.decode(IntakeRequest.self, from: request)
        let result = try await service.create(body, source: .staff(context.staff), idempotencyKey: key)
        return JSONBody.response(
            CreatedTicketView(result.ticket.state, includeTrackingCode: false), status: .created,
            headers: result.created ? [:] : [IdempotencyKey.replayed: "true"])
    }

    @Sendable func show(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        return try detail(try await service.ticket(number, for: context.staff))
    }

    @Sendable func list(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let query = try service.listQuery(request.uri.queryParameters, for: context.staff)
        return JSONBody.response(json: TicketPageView(try await service.list(query)).json(cache: service.dependencies.encodedSummaries))
    }

    @Sendable func completeTask(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        guard let task = context.parameters.get("task", as: Int.self) else { throw AccessError.notFound }
        let body = try await JSONBody.decode(CompleteTaskBody.self, from: request)
        let ticket = try await service.perform(
            .completeTask(id: task, result: body.result ?? ""), on: number, by: context.staff,
            from: context.clientAddress)
        return try detail(ticket)
    }

    /// The ticket as the API shows it, with its deadlines as of now.
    func detail(_ ticket: StoredTicket) throws -> Response {
        let dependencies = service.dependencies
        return JSONBody.response(
            json: try TicketDetailView.body(
                ticket, calendar: dependencies.calendar.snapshot, now: dependencies.clock(),
                cache: dependencies.encodedTickets))
    }

    /// Reveals the requester's contact (audited).
    /// A ticket's photos with where each is served.
    struct PhotoList: Encodable {
        struct Item: Encodable {
            var position: Int
            var contentType: String
            var size: Int
            var url: String
        }
        var items: [Item]

        init(_ photos: [PhotoInfo], number: String) {
            items = photos.map {
                Item(
                    position: $0.position, contentType: $0.contentType, size: $0.size,
                    url: "/api/v1/tickets/\(number)/photos/\($0.position)")
            }
        }
    }

    @Sendable func photos(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        _ = try await service.ticket(number, for: context.staff)
        return JSONBody.response(PhotoList(try await service.dependencies.stores.tickets.photos(ofTicket: number), number: number))
    }

    @Sendable func photo(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        _ = try await service.ticket(number, for: context.staff)
        guard let position = context.parameters.get("position", as: Int.self),
            let photo = try await service.dependencies.stores.tickets.photo(ofTicket: number, position: position)
        else { throw AccessError.notFound }
        return PhotoResponse.make(photo, number: number, position: position, request: request)
    }

    /// `multipart/form-data` with up to three files in `photos`.
    @Sendable func addPhotos(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let body = try await FormBody.read(request, limit: Photo.maxCount * Photo.maxBytes + 64 * 1024)
        let all = try await service.addPhotos(body.files["photos"] ?? [], to: number, by: context.staff, from: context.clientAddress)
        var response = JSONBody.response(PhotoList(all, number: number))
        response.status = .created
        return response
    }

    @Sendable func contact(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let requester = try await service.revealContact(
            try context.parameters.require("number"), for: context.staff,
            from: context.clientAddress)
        return JSONBody.response(requester)
    }

    private func action<Body: TicketActionBody>(_ type: Body.Type) -> @Sendable (Request, StaffRequestContext) async throws -> Response {
        let service = self.service
        let controller = self
        return { request, context in
            let number = try context.parameters.require("number")
            let command = try await JSONBody.decode(Body.self, from: request).command()
            let ticket = try await service.perform(command, on: number, by: context.staff, from: context.clientAddress)
            return try controller.detail(ticket)
        }
    }
}
