/// A channel every node of one deployment hears: ticket changes announced by one node reach the others' dispatch
/// boards. PostgreSQL's `LISTEN`/`NOTIFY`; none on SQLite, which one process serves.
public protocol ChangeFeed: Sendable {
    /// Sends one payload (under 8,000 bytes) to every listening node, this one included.
    func announce(_ payload: String) async throws

    /// Listens until the connection fails (throws) or the task is cancelled: `ready` once the node hears the channel,
    /// then `receive` with each payload, in order.
    func listen(ready: @escaping @Sendable () -> Void, receive: @escaping @Sendable (String) -> Void) async throws
}
