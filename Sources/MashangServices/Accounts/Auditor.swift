import Foundation
import MashangCore

/// Writes the audit log. A request whose audit line cannot be written fails: nothing is done unrecorded.
public struct Auditor: Sendable {
    public let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    public func record(_ action: String, by actor: String, organization: String?, subject: String, address: String, detail: String = "")
        async throws
    {
        try await dependencies.stores.audit.append(
            AuditEntry(
                at: dependencies.clock(), actor: actor, organization: organization,
                action: action, subject: subject, address: address, detail: detail))
    }

    public func record(_ action: String, by staff: StaffActor, subject: String, address: String, detail: String = "") async throws {
        try await record(action, by: staff.username, organization: staff.organization, subject: subject, address: address, detail: detail)
    }
}
