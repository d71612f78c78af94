import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import NIOCore
import Testing

/// Photos beyond the requester's (issue 23): the desk attaches them at intake, those who reply add them on the ticket
/// page and through the API (multipart); every route serves them to those who may see the ticket, cached with an ETag.
struct TicketPhotoTests {
    static let png = PhotoUploadTests.png

    /// A ticket dispatched to 广华街道 and assigned to its handler, who may reply to it.
    static func assigned(_ web: WebClient) async throws -> String {
        let number = try #require(try await web.submitLeak()["number"] as? String)
        let joint = try await web.token("joint.dispatcher")
        #expect(
            try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"], as: joint).status
                == .ok)
        let government = try await web.token("gh.dispatcher")
        #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
        #expect(
            try await web.act(number, "assign", ["department": "gh-construction", "handler": "gh.handler"], as: government).status == .ok)
        return number
    }

    static func upload(
        _ web: WebClient, _ uri: String, fields: [(String, String)] = [], files: [(String, [UInt8])], headers extra: HTTPFields
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: String) {
        let (type, body) = PhotoUploadTests.multipart(fields, files: files)
        var headers = extra
        headers[.contentType] = type
        return try await web.client.execute(uri: uri, method: .post, headers: headers, body: body) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
    }

    @Test func theAPIAddsAndServesPhotosToThoseWhoWorkTheTicket() async throws {
        try await WebHarness.run { web in
            let number = try await Self.assigned(web)
            let handler: HTTPFields = [.authorization: "Bearer \(try await web.token("gh.handler"))"]
            let uri = "/api/v1/tickets/\(number)/photos"
            let added = try await Self.upload(web, uri, files: [("a.png", Self.png), ("b.png", Self.png)], headers: handler)
            #expect(added.status == .created, "\(added.body)")
            #expect(added.body.contains("\"url\":\"\\/api\\/v1\\/tickets\\/\(number)\\/photos\\/2\"") || added.body.contains("/photos/2"))
            let listed = try await web.request(.get, uri, token: try await web.token("gh.handler"))
            #expect((listed["items"] as? [[String: Any]])?.map { $0["position"] as? Int } == [1, 2])

            let first = try await web.client.execute(uri: uri + "/1", method: .get, headers: handler) { $0 }
            #expect(first.status == .ok && first.headers[.contentType] == "image/png")
            #expect(first.headers[.cacheControl] == "private, max-age=86400")
            let tag = try #require(first.headers[.eTag])
            var again = handler
            again[.ifNoneMatch] = tag
            let cached = try await web.client.execute(uri: uri + "/1", method: .get, headers: again) { $0 }
            #expect(cached.status == .notModified && cached.body.readableBytes == 0)

            // Another organisation sees nothing; bad files change nothing; a ticket holds twelve at most.
            let outsider: HTTPFields = [.authorization: "Bearer \(try await web.token("jh.dispatcher"))"]
            #expect(try await Self.upload(web, uri, files: [("a.png", Self.png)], headers: outsider).status == .notFound)
            #expect(try await web.client.execute(uri: uri + "/1", method: .get, headers: outsider) { $0.status } == .notFound)
            let text = try await Self.upload(web, uri, files: [("a.png", Array("plain text".utf8))], headers: handler)
            #expect(text.status == .unprocessableContent && text.body.contains("JPEG"))
            for _ in 0..<3 {
                #expect(
                    try await Self.upload(web, uri, files: Array(repeating: ("a.png", Self.png), count: 3), headers: handler).status
                        == .created)
            }
            let full = try await Self.upload(web, uri, files: Array(repeating: ("a.png", Self.png), count: 2), headers: handler)
            #expect(full.status == .unprocessableContent)
            #expect(try await web.database.tickets.photos(ofTicket: number).count == 11)
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "ticket.photos")).count == 4)
        }
    }

    @Test func theDeskAttachesPhotosAtIntakeAndTheHandlerOnTheTicketPage() async throws {
        try await WebHarness.run { web in
            let desk = try await web.signIn("joint.intake")
            let csrf = try #require(try await web.page(.get, "/staff/new", cookie: desk).csrf)
            let created = try await Self.upload(
                web, "/staff/new",
                fields: [
                    ("_csrf", csrf), ("channel", "walkIn"), ("kind", "help"), ("category", "elderly"), ("area", "wuqi-grid1"),
                    ("urgency", "normal"), ("description", "独居老人家中漏水，附照片"), ("name", "赵敏"), ("phone", "0728-6543210"),
                ],
                files: [("kitchen.png", Self.png)], headers: [.cookie: desk])
            #expect(created.status == .seeOther, "\(created.body.prefix(300))")
            let number = String(try #require(created.headers[.location]).split(separator: "/").last ?? "")
            #expect(try await web.database.tickets.photos(ofTicket: number).map(\.position) == [1])

            let number2 = try await Self.assigned(web)
            let handler = try await web.signIn("gh.handler")
            let page = try await web.page(.get, "/staff/tickets/\(number2)", cookie: handler)
            #expect(page.contains(#"id="add-photos""#))
            let added = try await Self.upload(
                web, "/staff/tickets/\(number2)/photos", fields: [("_csrf", try #require(page.csrf))], files: [("after.png", Self.png)],
                headers: [.cookie: handler])
            #expect(added.status == .seeOther && added.headers[.location] == "/staff/tickets/\(number2)?done=photos")
            let shown = try await web.page(.get, "/staff/tickets/\(number2)?done=photos", cookie: handler)
            #expect(shown.contains("照片已添加。") && shown.contains("/staff/tickets/\(number2)/photos/1"))
            let forged = try await Self.upload(
                web, "/staff/tickets/\(number2)/photos", fields: [("_csrf", "guess")], files: [("x.png", Self.png)],
                headers: [.cookie: handler])
            #expect(forged.status == .forbidden)
            // A leader sees the ticket but does not work it: no form.
            let leader = try await web.signIn("gh.leader")
            #expect(!(try await web.page(.get, "/staff/tickets/\(number2)", cookie: leader)).contains(#"id="add-photos""#))
        }
    }

    /// Open311 gives a keyed client a signed link to the first photo, fetched without the key; unkeyed answers have none,
    /// and a link altered in any part is refused.
    @Test func open311LinksPhotosForKeyedClientsOnly() async throws {
        try await WebHarness.run { web in
            let (type, body) = PhotoUploadTests.multipart(PhotoUploadTests.fields, files: [("roof.png", Self.png)])
            let receipt = try await web.client.execute(uri: "/m/jiangzuan-gate", method: .post, headers: [.contentType: type], body: body) {
                HTMLResponse(status: $0.status, headers: $0.headers, html: String(buffer: $0.body))
            }
            let number = try #require(receipt.text(id: "ticket-number"))
            let key = try await web.makeApiKey(as: "joint.admin", organization: "joint")
            let keyed = try #require(try await web.open311(.get, "requests/\(number).json?api_key=\(key)").jsonList.first)
            let link = try #require(keyed["media_url"] as? String)
            let start = try #require(link.range(of: "/open311/v2/media/")).lowerBound
            let path = String(link[start...])
            #expect(path.hasPrefix("/open311/v2/media/\(number)/1?expires="))
            let image = try await web.client.execute(uri: path, method: .get) { $0 }
            #expect(image.status == .ok && Array(image.body.readableBytesView) == Self.png)
            #expect(try await web.open311(.get, "requests/\(number).json").jsonList.first?["media_url"] is NSNull)
            for altered in [
                path.replacingOccurrences(of: "/1?", with: "/2?"), path.replacingOccurrences(of: "expires=", with: "expires=9"),
                String(path.dropLast()) + (path.hasSuffix("0") ? "1" : "0"), path.components(separatedBy: "&signature")[0],
            ] {
                #expect(try await web.client.execute(uri: altered, method: .get) { $0.status } == .notFound, "\(altered)")
            }
        }
    }
}
