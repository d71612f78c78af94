/// What a user may do with a register's records.
public enum RegisterOperation: String, Sendable, CaseIterable {
    /// See the records (personal fields masked).
    case view
    /// Open a new record.
    case create
    /// Add entries (sessions, visits, inspections…).
    case record
    /// Change the status (outcomes, closing, reviewing…).
    case act
    /// See personal fields in clear (audited).
    case reveal
    /// Raise a ticket from a record, or link one.
    case raiseTicket
}

/// The answer of one cell of the register matrix.
public enum RegisterGrant: String, Sendable, Equatable {
    /// Records of every organisation.
    case all
    /// Records the user's organisation owns or takes part in; the joint centre stands over every record.
    case own
    case none
}

/// The register half of the authorisation matrix: role × register × operation. docs/authorization.md prints it and a
/// web test walks its cells through HTTP.
public enum RegisterPolicy {
    public static func grant(_ operation: RegisterOperation, role: Role, register: RegisterKind) -> RegisterGrant {
        let coordinators: Set<Role> = [.dispatcher, .supervisor]
        switch register {
        case .mediation:
            // Mediators (people's mediators, judges, lawyers, police) work cases of every member organisation.
            if role == .mediator { return operation == .raiseTicket ? .none : .all }
            if coordinators.contains(role) { return operation == .raiseTicket ? .none : .own }
            return role == .leader && operation == .view ? .own : .none
        case .risk:
            switch operation {
            case .view, .reveal: return Role.administration.contains(role) ? .none : .own
            case .create: return coordinators.contains(role) || role == .leader ? .own : .none
            case .record: return coordinators.contains(role) || role == .handler ? .own : .none
            case .act: return coordinators.contains(role) ? .own : .none
            case .raiseTicket: return .none
            }
        case .sentiment:
            switch operation {
            case .view, .reveal: return coordinators.contains(role) || role == .leader ? .own : .none
            case .create, .raiseTicket: return coordinators.contains(role) ? .own : .none
            case .record, .act: return role == .supervisor || role == .leader ? .own : .none
            }
        case .household:
            if role == .assistance { return .own }
            return (role == .supervisor || role == .leader) && operation == .view ? .own : .none
        case .commendation:
            switch operation {
            case .view: return Role.administration.contains(role) ? .none : .own
            case .create, .reveal: return role == .assistance || coordinators.contains(role) ? .own : .none
            case .record, .act, .raiseTicket: return .none
            }
        case .outreach:
            switch operation {
            case .view: return Role.administration.contains(role) ? .none : .own
            case .reveal, .create, .record, .act, .raiseTicket: return coordinators.contains(role) || role == .mediator ? .own : .none
            }
        }
    }

    /// Whether the user may perform the operation on this record (or, without a record, on some record of the register).
    public static func allows(_ operation: RegisterOperation, _ staff: StaffActor, _ register: RegisterKind, record: RegisterRecord? = nil)
        -> Bool
    {
        switch grant(operation, role: staff.role, register: register) {
        case .none: false
        case .all: true
        case .own: staff.isJointCentre || record.map { $0.parties.contains(staff.organization) } ?? true
        }
    }

    /// The organisation filter of the user's lists: nil for every organisation.
    public static func listScope(_ staff: StaffActor, _ register: RegisterKind) -> String? {
        grant(.view, role: staff.role, register: register) == .all || staff.isJointCentre ? nil : staff.organization
    }
}
