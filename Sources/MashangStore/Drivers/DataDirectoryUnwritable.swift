import Foundation

/// The SQLite data directory cannot be written — a file system mounted read-only, or no permission: said when the
/// server starts, in both languages, before SQLite is asked to open anything (it would only say "unable to open
/// database file"). Nothing in the directory is touched; the server starts as usual once it can be written.
public struct DataDirectoryUnwritable: Error, CustomStringConvertible {
    public let directory: String
    public let reason: String

    /// Throws when `directory` (which exists) cannot be written by this process.
    static func check(_ directory: String) throws {
        guard access(directory, W_OK) != 0 else { return }
        throw DataDirectoryUnwritable(directory: directory, reason: String(cString: strerror(errno)))
    }

    public var description: String {
        "数据目录 \(directory) 不可写(\(reason)),码上无法启动:请恢复写权限或改用可写的目录(--data)后重新启动。"
            + " / The data directory \(directory) cannot be written (\(reason)); Mashang cannot start until it can"
            + " (restore write access or choose another directory with --data)."
    }
}
