extension Migrations {
    /// Staff sessions end after a spell without use (issue 25; 等保 level 3 asks for an idle timeout): the last use is
    /// kept with the session. Sessions from before have none and count as used when first seen again.
    static let sessionIdle = Migration(name: "0039_session_idle") { _ in
        ["ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT"]
    }
}
