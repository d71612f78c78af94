import Synchronization

/// Values remembered by key together with the version they were made from; a value is only handed back for the
/// version asked for, so a change anywhere (this process, another node, a command-line tool) makes it unused at once.
/// The caller reads the current version from the database (one indexed row) and skips the expensive part: loading
/// and decoding a ticket's history, or encoding it. Bounded: when full it starts again empty, which keeps the hot set
/// in a few requests and needs no bookkeeping per read.
public final class VersionedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let version: Int
        let value: Value
    }

    private let capacity: Int
    private let entries = Mutex<[Key: Entry]>([:])

    public init(capacity: Int) {
        self.capacity = capacity
    }

    public func value(for key: Key, version: Int) -> Value? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.value
        }
    }

    public func remember(_ value: Value, for key: Key, version: Int) {
        entries.withLock { entries in
            if entries.count >= capacity && entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(version: version, value: value)
        }
    }
}
