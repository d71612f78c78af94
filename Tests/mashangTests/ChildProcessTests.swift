import Foundation
import MashangTesting
import Testing

/// The helper every test uses to run a program: what reaches the child, what comes back, and what must not leak.
struct ChildProcessTests {
    @Test func inputReachesTheChildAndItsOutputAndExitStatusComeBack() throws {
        let text = String(repeating: "码上就办 line\n", count: 20_000)  // larger than a socket buffer both ways
        let run = try ChildProcess.run("/bin/sh", ["-c", "cat; echo done >&2; exit 3"], input: text)
        #expect(run.status == 3)
        #expect(run.output == text + "done\n")
    }

    @Test func aChildEndedBySignalReportsIt() throws {
        #expect(try ChildProcess.run("/bin/sh", ["-c", "kill -TERM $$"]).status == 128 + SIGTERM)
        let server = try ChildProcess.start("/bin/sleep", ["10"], output: .discard, errors: .discard)
        server.terminate()
        #expect(server.wait() == 128 + SIGTERM)
    }

    @Test func aChildThatStopsReadingDoesNotEndTheTests() throws {
        let run = try ChildProcess.run("/bin/sh", ["-c", "head -c 5"], input: String(repeating: "x", count: 4_000_000))
        #expect(run.status == 0 && run.output == "xxxxx")
    }

    @Test func theChildGetsOnlyItsThreeStandardDescriptors() throws {
        // An open file of this process that is not close-on-exec, as SQLite's or a test's may be.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString)").path
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        defer { close(descriptor); unlink(path) }
        #expect(descriptor > 2)
        let run = try ChildProcess.run("/bin/sh", ["-c", "ls /proc/$$/fd"], errors: .discard)
        let inherited = Set(run.output.split(separator: "\n").compactMap { Int32($0) })
        #expect(!inherited.contains(descriptor), "inherited: \(inherited.sorted())")
    }

    @Test func aMissingProgramIsAnErrorNotACrash() {
        #expect(throws: ChildProcessError.self) { try ChildProcess.run("/nonexistent/program", []) }
    }

    @Test func theEnvironmentIsTheOneGiven() throws {
        let run = try ChildProcess.run("/usr/bin/env", [], environment: ["MASHANG_CHILD": "是"])
        #expect(run.output == "MASHANG_CHILD=是\n")
    }
}
