import Foundation
import Logging
import MashangCore

/// An outreach question's ticket answered: the answer is recorded back on the event, as an `answer` entry naming
/// the question. It follows the reply (a second write); should it fail, the reply stands and the event's page still
/// shows the ticket's reply beside the question.
public struct RegisterAnswers {
    public let dependencies: AppDependencies
    public static let logger = Logger(label: "mashang.registers")

    public func ticketAnswered(_ number: String, text: String, by actor: EventActor) async {
        do {
            for record in try await dependencies.stores.registers.records(linkedTo: number) where record.kind == .outreach {
                do {
                    _ = try await dependencies.stores.registers.append(record.id, kind: .outreach, by: actor, at: dependencies.clock()) {
                        current in
                        let raised = current.history.first { $0.kind == .ticket && $0.fields["number"]?.text == number }
                        guard let question = raised?.fields["entry"]?.number,
                            current.entries("question").contains(where: { $0.sequence == question })
                        else { throw NotFromAQuestion() }
                        let fields: RegisterFields = ["question": .number(question), "text": .text(String(text.prefix(2000)))]
                        return (.entry, "answer", fields, current.status, nil)
                    }
                } catch is NotFromAQuestion {
                    // Linked to the event, but not raised from one of its questions: nothing to record there.
                }
            }
        } catch {
            Self.logger.warning("could not record the answer of \(number) on its outreach event: \(error)")
        }
    }

    private struct NotFromAQuestion: Error {}
}
