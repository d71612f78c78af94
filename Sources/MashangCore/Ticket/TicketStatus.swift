/// The lifecycle states of DESIGN.md §2. A ticket's status is always the fold of its event history.
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    case received, dispatched, inProgress, replied, closed, reopened, rejected, merged
    /// Referred beyond the mechanism (矛盾上交 done properly): an outside body has it; it stays visible here.
    case referred

    /// Terminal states accept no further action except an explicit `reopen` of a closed ticket.
    public var isOpen: Bool {
        switch self {
        case .received, .dispatched, .inProgress, .replied, .reopened: true
        case .closed, .rejected, .merged, .referred: false
        }
    }
}
