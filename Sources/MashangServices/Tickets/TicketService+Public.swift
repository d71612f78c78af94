import Foundation
import MashangCore

// What a ticket shows beyond its history: photos added while it is worked, and the text the public reads.

extension TicketService {
    /// Adds photos to a ticket (a site visit, a repair done): those who may reply to it may add them. Checked as at
    /// intake (JPEG or PNG by their bytes, at most three at a time and 5 MiB each) and within the ticket's
    /// `Photo.maxPerTicket`; audited. Returns every photo of the ticket.
    public func addPhotos(_ uploads: [[UInt8]], to number: String, by actor: StaffActor, from address: String) async throws
        -> [PhotoInfo]
    {
        let ticket = try await ticket(number, for: actor)
        let reference = dependencies.reference.snapshot.data
        guard TicketPolicy.mayAttempt(.reply, by: actor, on: ticket.state, reference: reference) else { throw AccessError.forbidden }
        let photos = try Photo.validate(uploads)
        guard !photos.isEmpty else { throw ValidationError("photos", "required") }
        let all = try await dependencies.stores.tickets.addPhotos(photos, toTicket: number)
        try await Auditor(dependencies: dependencies).record(
            "ticket.photos", by: actor, subject: number, address: address, detail: String(photos.count))
        return all
    }
}

extension TicketService {
    /// Whether the actor may set what the public (Open311 clients without a key) reads of a ticket: those who may reply,
    /// and the joint centre's dispatchers and supervisors.
    public func mayEditPublicText(_ actor: StaffActor, on ticket: TicketState) -> Bool {
        TicketPolicy.mayAttempt(.reply, by: actor, on: ticket, reference: dependencies.reference.snapshot.data)
            || (actor.isJointCentre && (actor.role == .dispatcher || actor.role == .supervisor))
    }

    /// What anyone may read of a ticket's request: the text staff set, else the description; either way with the
    /// rule's de-identification applied, so an edit can take more out but never put a number or a name back in.
    public static func publicText(_ state: TicketState, edited: String?) -> String {
        PublicText.deidentified(edited ?? state.description, requesterName: state.requester.name)
    }

    /// Sets (or, with an empty text, removes) a ticket's public text; audited.
    public func setPublicText(_ text: String?, on number: String, by actor: StaffActor, from address: String) async throws {
        let ticket = try await ticket(number, for: actor)
        guard mayEditPublicText(actor, on: ticket.state) else { throw AccessError.forbidden }
        var rules = FieldRules()
        let trimmed = rules.text(text, "publicText", max: IntakeValidator.descriptionLimit, required: false)
        try rules.check()
        try await dependencies.stores.tickets.setPublicText(trimmed, ofTicket: number, by: actor.username, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "ticket.publicText", by: actor, subject: number, address: address, detail: trimmed == nil ? "reset" : "edited")
    }
}
