import Foundation
import MashangCore
import MashangTesting
import Testing

@testable import MashangStore

/// The creation event prepared before the write is stored exactly as encoding the event on the writer stored it.
struct CreationPayloadTests {
    @Test(arguments: [
        "江钻小区三栋屋顶漏水,雨天滴水严重",
        "引号\"、反斜杠\\、斜杠/、换行\n与制表\t都照编码器写",
        "emoji 😀 与 \u{7} 控制字符",
    ])
    func theEventIsWhatTheEncoderWrites(description: String) throws {
        var draft = Fixtures.draft(description: description, channel: .qr)
        draft.intakePoint = "jiangzuan-gate"
        let contact = try StoredContact(draft.requester, cipher: Fixtures.cipher)
        let payload = try CreationPayload(draft, contact: contact, flavor: .sqlite)
        var sealed = draft
        sealed.requester = contact.sealedRequester
        for number in ["MS-2026-000123", "MS-2026-1234567", "odd/\"number\""] {
            let expected = try SQLTicketStore.encoder.encode(TicketChange.created(.init(number: number, draft: sealed)))
            #expect(try payload.event(number: number) == String(decoding: expected, as: UTF8.self))
        }
        #expect(payload.searchTerms == SearchText.indexTerms(description).joined(separator: " "))
        #expect(try CreationPayload(draft, contact: contact, flavor: .postgres).searchTerms == nil)
    }
}
