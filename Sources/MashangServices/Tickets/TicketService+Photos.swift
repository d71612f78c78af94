import Foundation
import MashangCore

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
