import Hummingbird
import MashangCore
import MashangServices

/// The context of every request: the signed-in staff user, if the bearer token named one.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var staff: StaffActor?
    /// The session's CSRF token, when signed in through the pages.
    public var csrfToken: String?
    /// The peer's IP address, for rate limits and the audit log. Taken from `X-Forwarded-For` only when the peer is
    /// a proxy named in `MASHANG_TRUSTED_PROXIES` (see `ForwardedForMiddleware`).
    public var clientAddress: String
    /// Unread notifications of the signed-in page user, for the navigation bar.
    public var unreadNotifications = 0

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        staff = nil
        csrfToken = nil
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The context of staff routes: it cannot exist without a signed-in user, so handlers need no check of their own.
public struct StaffRequestContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let staff: StaffActor
    public let clientAddress: String

    public init(context: AppRequestContext) throws {
        guard let staff = context.staff else { throw APIError.unauthenticated }
        clientAddress = context.clientAddress
        coreContext = context.coreContext
        self.staff = staff
    }
}

/// The context of staff pages: a signed-in session with its CSRF token. Without one, the error middleware sends the
/// browser to the login page.
public struct StaffPageContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let staff: StaffActor
    public let csrfToken: String
    public let clientAddress: String
    public let unreadNotifications: Int

    public init(context: AppRequestContext) throws {
        clientAddress = context.clientAddress
        unreadNotifications = context.unreadNotifications
        guard let staff = context.staff, let csrfToken = context.csrfToken else { throw APIError.unauthenticated }
        coreContext = context.coreContext
        self.staff = staff
        self.csrfToken = csrfToken
    }
}

extension Request {
    /// The language of this request's messages, from `?lang=` or `Accept-Language`.
    var language: Language {
        if let explicit = uri.queryParameters.get("lang"), let language = Language(rawValue: explicit) { return language }
        if let chosen = cookies["lang"]?.value, let language = Language(rawValue: chosen) { return language }
        return Language.preferred(acceptLanguage: headers[.acceptLanguage])
    }
}

extension StaffPageContext {
    /// Refuses (403) a user `AdminPolicy` does not let administer the area.
    func requireAdmin(_ area: AdminArea) throws {
        guard AdminPolicy.mayAdminister(staff, area) else { throw AccessError.forbidden }
    }
}
