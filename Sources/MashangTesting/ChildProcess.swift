import CSpawnCloseFrom
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A program run by a test (the `mashang` executable, `python3`, `zbarimg` …), started with `posix_spawn`.
///
/// Not Foundation's `Process`: on Linux with Swift 6.3.1 its `run()` lists `/proc/self/fd` copying 256 bytes of every
/// `dirent`, which reads past glibc's buffer and crashes the whole test process now and then once a thousand or so
/// descriptors are open (swiftlang/swift-corelibs-foundation#5472; it ended a CI run with SIGSEGV). Here the
/// descriptors the child gets are named one by one: its standard input, output and error; the channels are opened
/// close-on-exec, so no other test's channel leaks into the child and keeps its reader waiting.
public struct ChildProcess: Sendable {
    /// Where the child's output (standard output, or standard error) goes.
    public enum Output: Sendable {
        /// Into one channel read by `finish()` (standard output and error together, in the order written).
        case capture
        /// To `/dev/null`.
        case discard
    }

    /// What a finished child left: its exit status (128 + the signal when a signal ended it) and what it printed.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    public let pid: pid_t
    /// Drains the output channel from the start, when anything is captured: a child that writes more than a socket
    /// buffer holds before `finish()` (a server's log) would otherwise block on its next write.
    private let collector: OutputCollector?

    /// Runs `executable` to its end, giving it `input` on its standard input (none: `/dev/null`).
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: String? = nil, output: Output = .capture, errors: Output = .capture
    ) throws -> Result {
        try start(executable, arguments, environment: environment, input: input, output: output, errors: errors).finish()
    }

    /// Starts `executable` with `arguments` (without the program name) and `environment` (default: this process's).
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        input: String? = nil, output: Output = .capture, errors: Output = .capture
    ) throws -> ChildProcess {
        ignoreBrokenPipes
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }

        let inputChannel = try input.map { _ in try Channel() }
        if let inputChannel {
            posix_spawn_file_actions_adddup2(&actions, inputChannel.reader, STDIN_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        }
        let capturing = output == .capture || errors == .capture
        let outputChannel = capturing ? try Channel() : nil
        for (descriptor, choice) in [(STDOUT_FILENO, output), (STDERR_FILENO, errors)] {
            if choice == .capture, let outputChannel {
                posix_spawn_file_actions_adddup2(&actions, outputChannel.writer, descriptor)
            } else {
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
            }
        }

        // Nothing else of this process reaches the child: not its other descriptors (many are not close-on-exec),
        // its blocked signals (test runners block some) nor its ignored SIGPIPE (`ignoreBrokenPipes`).
        guard mashang_spawn_close_from(&actions, STDERR_FILENO + 1) == 0 else {
            throw ChildProcessError(message: "posix_spawn_file_actions_addclosefrom_np failed")
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        for signal: Int32 in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&signals, signal) }
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = environment ?? ProcessInfo.processInfo.environment
        let argv = CStrings([executable] + arguments)
        let envp = CStrings(environment.map { "\($0.key)=\($0.value)" })
        defer { argv.release(); envp.release() }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers)

        if let inputChannel { close(inputChannel.reader) }
        if let outputChannel { close(outputChannel.writer) }
        guard spawned == 0 else {
            if let inputChannel { close(inputChannel.writer) }
            if let outputChannel { close(outputChannel.reader) }
            throw ChildProcessError(message: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        if let inputChannel, let input {
            // Written while `finish()` reads, so that a child answering before it has read everything cannot stall.
            let writer = inputChannel.writer
            Thread.detachNewThread {
                writeAll(Array(input.utf8), to: writer)
                close(writer)
            }
        }
        return ChildProcess(pid: pid, collector: outputChannel.map { OutputCollector(reading: $0.reader) })
    }

    /// The child's output to its end, then its exit status.
    public func finish() -> Result {
        let data = collector?.wait() ?? []
        return Result(status: wait(), output: String(decoding: data, as: UTF8.self))
    }

    /// Sends SIGTERM.
    public func terminate() {
        kill(pid, SIGTERM)
    }

    /// Waits for the child to exit; its exit status, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static let ignoreBrokenPipes: Void = {
        // A child that exits before reading all its input must not end the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
    }()

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 { offset += written } else if written == 0 || errno != EINTR { return }
        }
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A one-way channel whose two ends close on exec, so only what the spawn actions hand the child survives into it.
/// A socket pair: `pipe2(O_CLOEXEC)` is not visible from Swift's Glibc module, and `pipe` + `fcntl` would leave a
/// moment in which a child spawned by another test thread inherits the pipe and keeps its reader waiting.
private struct Channel {
    let reader: Int32
    let writer: Int32

    init() throws {
        var descriptors: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &descriptors) == 0 else {
            throw ChildProcessError(message: "socketpair: \(String(cString: strerror(errno)))")
        }
        (reader, writer) = (descriptors[0], descriptors[1])
    }
}

/// A NULL-terminated array of C strings for `argv` / `envp`, to be freed after the spawn.
private struct CStrings {
    var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        pointers = strings.map { strdup($0) } + [nil]
    }

    func release() {
        for pointer in pointers { free(pointer) }
    }
}

/// Reads a child's output channel on a thread of its own until the child closes it, keeping everything read.
final class OutputCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data: [UInt8] = []

    init(reading descriptor: Int32) {
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var collected: [UInt8] = []
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count > 0 { collected.append(contentsOf: buffer[..<count]) } else if count == 0 || errno != EINTR { break }
            }
            close(descriptor)
            data = collected
            done.signal()
        }
    }

    /// Everything the child wrote, once it has closed its end (exited).
    func wait() -> [UInt8] {
        done.wait()
        return data
    }
}
