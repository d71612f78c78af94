/// A photo attached to a request: JPEG or PNG, recognised by its first bytes, never by its file name.
public struct Photo: Sendable, Equatable {
    public static let maxCount = 3
    /// Photos a ticket may hold in all: the requester's, the desk's and those added while it is worked.
    public static let maxPerTicket = 12
    public static let maxBytes = 5 * 1024 * 1024

    public var contentType: String
    public var bytes: [UInt8]

    public init(contentType: String, bytes: [UInt8]) {
        self.contentType = contentType
        self.bytes = bytes
    }

    /// The type the bytes really are, or nil when they are neither JPEG nor PNG.
    public static func contentType(of bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        return nil
    }

    /// Checks uploads (empty file inputs are ignored): at most three, each a JPEG or PNG of at most 5 MiB.
    public static func validate(_ uploads: [[UInt8]]) throws(ValidationError) -> [Photo] {
        let files = uploads.filter { !$0.isEmpty }
        guard files.count <= maxCount else { throw ValidationError("photos", "tooMany") }
        return try files.map { bytes throws(ValidationError) in
            guard bytes.count <= maxBytes else { throw ValidationError("photos", "tooLarge") }
            guard let type = contentType(of: bytes) else { throw ValidationError("photos", "notImage") }
            return Photo(contentType: type, bytes: bytes)
        }
    }
}

/// What the ticket page lists of a photo.
public struct PhotoInfo: Sendable, Equatable, Encodable {
    public var position: Int
    public var contentType: String
    public var size: Int

    public init(position: Int, contentType: String, size: Int) {
        self.position = position
        self.contentType = contentType
        self.size = size
    }
}
