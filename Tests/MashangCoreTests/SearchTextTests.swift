import Foundation
import MashangCore
import Testing

struct SearchTextTests {
    @Test func chineseRunsBecomeOverlappingBigramsEndingWithTheLastCharacter() {
        #expect(SearchText.indexTerms("屋顶漏水,3栋ABC") == ["屋顶", "顶漏", "漏水", "水", "3", "栋", "abc"])
    }

    @Test func aQueryIsAPhraseOfBigramsPerWhiteSpaceSeparatedPart() {
        #expect(SearchText.queryPhrases("漏水 江钻小区") == [["漏水"], ["江钻", "钻小", "小区"]])
        #expect(SearchText.queryPhrases("水") == [["水"]])
        #expect(SearchText.queryPhrases("Lift 3") == [["lift"], ["3"]])
        #expect(SearchText.queryPhrases(" ,,, ") == [])
    }

    @Test func aQueryPhraseOccursConsecutivelyInTheIndexTermsOfATextContainingIt() {
        let text = "江钻小区三栋屋顶漏水严重"
        let terms = SearchText.indexTerms(text)
        for query in ["小区", "屋顶漏水", "三栋屋", "漏水严重"] {
            let phrase = SearchText.queryPhrases(query)[0]
            let found = (0...(terms.count - phrase.count)).contains { Array(terms[$0..<($0 + phrase.count)]) == phrase }
            #expect(found, "\(query)")
        }
    }

    @Test func timesAreShownInChinaTime() {
        // 2025-12-31 16:30 UTC is already New Year in China.
        #expect(ChinaTime.minuteString(Date(timeIntervalSince1970: 1_767_198_600)) == "2026-01-01 00:30")
    }

    @Test func ticketNumbersAreRecognised() {
        #expect(TicketNumber.format(year: 2026, sequence: 123) == "MS-2026-000123")
        #expect(TicketNumber.isNumber("MS-2026-000123"))
        #expect(!TicketNumber.isNumber("MS-2026-12"))
        #expect(!TicketNumber.isNumber("漏水"))
    }
}
