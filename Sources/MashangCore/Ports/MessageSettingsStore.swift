import Foundation

/// The settings of outbound messages: the channel each staff member chose for alerts (the address sealed), and the
/// templates administrators edited (a purpose and language not edited uses `DefaultTemplates`).
public protocol MessageSettingsStore: Sendable {
    func staffContact(username: String) async throws -> StaffContact?
    /// Sets (or, with nil, removes) a staff member's alert channel.
    func setStaffContact(username: String, _ contact: StaffContact?, at date: Date) async throws
    /// Active staff members with an alert channel.
    func subscribers() async throws -> [StaffSubscriber]
    /// The edited templates.
    func editedTemplates() async throws -> [EditedTemplate]
    /// Saves a validated template (replacing the purpose's and language's text), or with nil text restores the default.
    func saveTemplate(purpose: MessagePurpose, language: String, text: String?, by username: String, at date: Date) async throws
}

/// A template an administrator edited, with who and when.
public struct EditedTemplate: Sendable, Equatable {
    public var template: MessageTemplate
    public var updatedBy: String
    public var updatedAt: Date

    public init(template: MessageTemplate, updatedBy: String, updatedAt: Date) {
        self.template = template
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
