import Foundation
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

    @Test func aTimerSetAfterTheWorkFinishedIsCancelledAtOnce() async {
        let once = ClaimOnce()
        #expect(once.claim())
        let timer = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
        once.setTimer(timer)
        await timer.value
        #expect(timer.isCancelled)
        #expect(!once.claim())
    }

    @Test func theWinnerCancelsTheTimer() async {
        let once = ClaimOnce()
        let timer = Task<Void, Never> { try? await Task.sleep(for: .seconds(3600)) }
        once.setTimer(timer)
        #expect(!timer.isCancelled)
        #expect(once.claim())
        once.cancelTimer()
        await timer.value
        #expect(timer.isCancelled)
    }
}
