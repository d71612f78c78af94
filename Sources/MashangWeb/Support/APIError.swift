import Foundation
import Hummingbird
import MashangCore
import MashangServices
import NIOCore

/// An error as the API reports it: `{"error":{"code","message","fields"?}}`, the message in the user's language.
public struct APIError: Error, Sendable {
    public struct FieldProblem: Sendable, Encodable, Equatable {
        public var field: String
        public var code: String
        public var message: String
    }

    public var status: HTTPResponse.Status
    public var code: String
    /// Catalogue key of the message, with its arguments.
    public var messageKey: String
    public var arguments: [String: String]
    /// Field problems as (field, problem code); messages are filled in when rendered.
    public var fields: [ValidationError.Field]
    /// Seconds before trying again, for 429.
    public var retryAfter: Int?
    /// Where field labels are looked up first (`register.risk.field.`), before `field.`.
    public var labelPrefix: String?

    public init(
        _ status: HTTPResponse.Status, code: String, messageKey: String, arguments: [String: String] = [:],
        fields: [ValidationError.Field] = [], retryAfter: Int? = nil
    ) {
        self.retryAfter = retryAfter
        self.status = status
        self.code = code
        self.messageKey = messageKey
        self.arguments = arguments
        self.fields = fields
    }

    public static let unauthenticated = APIError(.unauthorized, code: "unauthenticated", messageKey: "error.unauthenticated")
    public static let badCredentials = APIError(.unauthorized, code: "bad_credentials", messageKey: "error.badCredentials")
    public static let forbidden = APIError(.forbidden, code: "forbidden", messageKey: "error.forbidden")
    public static let secondFactorRequired = APIError(
        .unauthorized, code: "second_factor_required", messageKey: "error.secondFactorRequired")
    public static let badSecondFactor = APIError(.unauthorized, code: "bad_second_factor", messageKey: "error.badSecondFactor")
    public static let secondFactorNotEnrolled = APIError(
        .forbidden, code: "second_factor_not_enrolled", messageKey: "error.secondFactorNotEnrolled")
    public static let notFound = APIError(.notFound, code: "not_found", messageKey: "error.notFound")
    public static let insufficientScope = APIError(.forbidden, code: "insufficient_scope", messageKey: "error.insufficientScope")
    public static let unsupportedMediaType = APIError(
        .unsupportedMediaType, code: "unsupported_media_type", messageKey: "error.unsupportedMediaType")
    public static let noContact = APIError(.notFound, code: "no_contact", messageKey: "error.noContact")

    public static func validation(_ fields: [ValidationError.Field]) -> APIError {
        APIError(.unprocessableContent, code: "validation_failed", messageKey: "error.validation", fields: fields)
    }

    public static func malformed(_ fields: [ValidationError.Field] = []) -> APIError {
        APIError(.badRequest, code: "malformed_request", messageKey: "error.malformed", fields: fields)
    }

    /// Maps any error thrown while handling a request to what the user is told.
    public static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationError:
            return .validation(error.fields)
        case let error as AccessError:
            switch error {
            case .unauthenticated: return .unauthenticated
            case .forbidden: return .forbidden
            case .notFound: return .notFound
            }
        case is TicketNotFound:
            return .notFound
        case is NoContact:
            return .noContact
        case let refusal as RegisterRefusal:
            return APIError(
                .conflict, code: "register_\(refusal.reason)", messageKey: "error.register.\(refusal.reason)",
                arguments: refusal.detail.isEmpty ? ["what": ""] : ["whatKey": "register.requires.\(refusal.detail)"])
        case let refusal as ReceptionRefusal:
            return APIError(.conflict, code: "reception_\(refusal.reason)", messageKey: "error.reception.\(refusal.reason)")
        case is CommonIssueAlreadyAnswered:
            return APIError(.conflict, code: "already_answered", messageKey: "error.commonIssueAnswered")
        case is DatabaseUnavailable:
            return APIError(.serviceUnavailable, code: "unavailable", messageKey: "error.unavailable", retryAfter: 5)
        case let error as TooManyRequests:
            return APIError(
                .tooManyRequests, code: error.code, messageKey: error.code == "account_locked" ? "error.accountLocked" : "error.tooMany",
                arguments: ["seconds": String(error.retryAfter)], retryAfter: error.retryAfter)
        case let error as LifecycleError:
            return APIError(
                .conflict, code: error.code.rawValue, messageKey: "error.conflict.\(error.code.rawValue)",
                arguments: ["statusKey": "status.\(error.status.rawValue)", "actionKey": "action.\(error.action.rawValue)"])
        case is NIOTooManyBytesError:
            // A body larger than the route's limit (`JSONBody.maxRequestBytes`, the form and upload limits).
            return APIError(.contentTooLarge, code: "too_large", messageKey: "error.tooLarge")
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound
            case .contentTooLarge: return APIError(.contentTooLarge, code: "too_large", messageKey: "error.tooLarge")
            case .badRequest: return .malformed()
            case .unauthorized: return .unauthenticated
            case .forbidden: return .forbidden
            default: return nil
            }
        default:
            return nil
        }
    }

    // swift-format-ignore: DontRepeatTypeInStaticProperties
    // "internal" alone is a keyword, and the name matches its code, `internal_error`.
    public static let internalError = APIError(.internalServerError, code: "internal_error", messageKey: "error.internal")

    /// The message in the given language. Arguments ending in `Key` are catalogue keys themselves (a status or an
    /// action name) and are translated first.
    public func message(_ language: Language, _ messages: Messages) -> String {
        var arguments = self.arguments
        for (name, value) in self.arguments where name.hasSuffix("Key") {
            arguments[String(name.dropLast(3))] = messages.text(value, language)
        }
        return messages.text(messageKey, language, arguments)
    }

    /// Renders the JSON response in the given language.
    public func response(language: Language, messages: Messages) -> Response {
        let problems = fields.map { field in
            let label =
                labelPrefix.flatMap { messages.optionalText($0 + field.name, language) }
                ?? messages.optionalText("field.\(field.name)", language) ?? field.name
            return FieldProblem(
                field: field.name, code: field.problem,
                message: messages.problem(field, label: label, language))
        }
        struct Body: Encodable {
            struct Detail: Encodable {
                var code: String
                var message: String
                var fields: [FieldProblem]?
            }
            var error: Detail
        }
        let body = Body(
            error: .init(
                code: code, message: message(language, messages),
                fields: problems.isEmpty ? nil : problems))
        var response = JSONBody.response(body, status: status)
        response.headers[.contentLanguage] = language.rawValue
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
