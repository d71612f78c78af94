import Foundation
import MashangCore
import NIOCore
import NIOPosix
import Testing

@testable import MashangStore

/// PostgreSQL operations race a deadline: the first to finish answers, and a finished operation cancels its timer
/// (a sleeping timer per request held memory until its deadline).
@Suite(.timeLimit(.minutes(1)))
struct DeadlineTests {
    @Test func theWorkAnswersWhenItFinishesFirst() async throws {
        #expect(try await PostgresBackend.within(.seconds(3600)) { 42 } == 42)
        await #expect(throws: CancellationError.self) {
            try await PostgresBackend.within(.seconds(3600)) { () async throws -> Int in throw CancellationError() }
        }
    }

    @Test func theDeadlineAnswersWhenTheWorkHangs() async throws {
        await #expect(throws: DatabaseUnavailable.self) {
            try await PostgresBackend.within(.milliseconds(20)) { () async throws -> Int in
                try await Task.sleep(for: .seconds(3600))
                return 1
            }
        }
    }

    static func timer() -> Scheduled<Void> {
        MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .hours(1)) {}
    }

    /// A cancelled timer is taken off its event loop (its future fails as cancelled), not left until its deadline.
    static func expectCancelled(_ timer: Scheduled<Void>) async {
        await #expect(throws: EventLoopError.cancelled) { try await timer.futureResult.get() }
    }

    @Test func aTimerSetAfterTheWorkFinishedIsCancelledAtOnce() async {
        let once = ClaimOnce()
        #expect(once.claimCancellingTimer())
        let timer = Self.timer()
        once.setTimer(timer)
        await Self.expectCancelled(timer)
        #expect(!once.claim())
    }

    /// The timer's own claim leaves it alone (it is running), and the operation loses.
    @Test func theTimerWinningLeavesTheOperationNothing() async throws {
        let once = ClaimOnce()
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .milliseconds(1)) { #expect(once.claim()) }
        once.setTimer(timer)
        try await timer.futureResult.get()  // ran to its end, not cancelled
        #expect(!once.claimCancellingTimer())
    }

    @Test func theWinnerCancelsTheTimer() async {
        let once = ClaimOnce()
        let timer = Self.timer()
        once.setTimer(timer)
        #expect(once.claimCancellingTimer())
        await Self.expectCancelled(timer)
        #expect(!once.claim())
    }
}
