/// 诉求人. All fields are nil for an anonymous request (allowed only where the category allows it). The phone and
/// the identity number are personal data: stored encrypted, shown masked except to the handling chain on request.
public struct Requester: Codable, Sendable, Equatable {
    public var name: String?
    public var phone: String?
    /// 身份证号, optional.
    public var idNumber: String?
    /// The requester's WeChat OpenID for the official account, given by a WeChat front end that knows it: messages then
    /// go as WeChat template messages instead of SMS. Sealed like the phone, never shown.
    public var wechat: String?

    public init(name: String? = nil, phone: String? = nil, idNumber: String? = nil, wechat: String? = nil) {
        self.name = name
        self.phone = phone
        self.idNumber = idNumber
        self.wechat = wechat
    }

    public var isAnonymous: Bool { name == nil && phone == nil && idNumber == nil }

    /// Whether there is anything to reveal at all (a name, a phone or an identity number).
    public var hasContact: Bool { !isAnonymous }

    /// The form shown to everyone who has not pressed "show contact": `王*兰`, `138****5678`, `420***********123X`.
    public var masked: Requester {
        Requester(name: name.map(PersonName.masked), phone: phone.map(PhoneNumber.masked), idNumber: idNumber.map(IdentityNumber.masked))
    }
}

extension StoredTicket {
    /// The ticket with the requester's contact masked, in the state and in the creation event.
    public var maskingContact: StoredTicket {
        var copy = self
        copy.state.requester = state.requester.masked
        copy.events = events.map { event in
            guard case .created(var created) = event.change else { return event }
            created.draft.requester = created.draft.requester.masked
            var masked = event
            masked.change = .created(created)
            return masked
        }
        return copy
    }

    /// The ticket as it leaves Mashang in a masked export: contact masked and without the tracking code (which opens
    /// the requester's tracking page).
    public var forMaskedExport: StoredTicket {
        var copy = maskingContact
        copy.state.trackingCode = nil
        copy.events = copy.events.map { event in
            guard case .created(var created) = event.change else { return event }
            created.draft.trackingCode = nil
            var stripped = event
            stripped.change = .created(created)
            return stripped
        }
        return copy
    }
}
