import Foundation

/// The code page of an administrator's sign-in.
struct CodeView {
    let chrome: PageChrome
    let next: String
    let username: String
    let failed: Bool
}

/// The enrolment page: the new secret as a QR code and as text.
struct EnrolView {
    let chrome: PageChrome
    let next: String
    let username: String
    /// The secret in groups of four, for typing into an app by hand.
    let secret: String
    let qr: String
    let failed: Bool
}

/// The recovery codes, shown once after enrolment.
struct RecoveryView {
    let chrome: PageChrome
    let next: String
    let codes: [String]
}
