import MashangCore
import Testing

/// Requesters' names as everyone sees them until the contact is revealed.
struct PersonNameTests {
    @Test(arguments: [
        ("王秀兰", "王*兰"), ("王华", "王*"), ("欧阳修锋", "欧**锋"), ("李", "*"), ("", ""), (" 赵敏 ", "赵*"),
        ("综治办 王强", "综****强"),
    ])
    func namesKeepTheirFirstAndLastCharacterOnly(_ name: String, _ masked: String) {
        #expect(PersonName.masked(name) == masked)
    }

    @Test func aMaskedRequesterHidesNamePhoneAndIdentityNumber() {
        let requester = Requester(name: "王秀兰", phone: "13812345678", idNumber: "110105194912310021").masked
        #expect(requester == Requester(name: "王*兰", phone: "138****5678", idNumber: "110***********0021"))
        #expect(Requester(name: "王秀兰").hasContact && !Requester().hasContact)
    }
}
