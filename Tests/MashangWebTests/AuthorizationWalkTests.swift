import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// Walks every cell of `AuthorizationMatrix` through the HTTP API: for each role and each relation it can stand in,
/// a user in that relation to a real ticket tries to view it, find it in a list, reveal its contact and take every
/// action. Allowed cells must get past authorisation (200, or 409/422 from the lifecycle); refused cells must answer
/// 403 (404 when the ticket is out of sight) and change nothing.
struct AuthorizationWalkTests {
    static let lead = "guanghua-street", assisting = "qianjiang-traffic-police", outsider = "jianghan-oilfield", sender = "qianjiang-court"
    static let assignedDepartment = "gh-construction", otherLeadDepartment = "gh-property"
    static let policeDepartment = Fixtures.reference.departments.first { $0.organization == assisting }!.code
    static let outsiderDepartment = Fixtures.reference.departments.first { $0.organization == outsider }!.code

    /// The organisation and department of a user standing in `relation` with the walk's ticket.
    static func placement(_ role: Role, _ relation: TicketRelation) -> (organization: String, department: String?) {
        let handler = role == .handler
        switch relation {
        case .jointCentre: return ("joint", handler ? "joint-supervision" : nil)
        case .leadOrganization: return (lead, nil)
        case .assistingOrganization: return (assisting, nil)
        case .assignedDepartment: return (lead, assignedDepartment)
        case .taskDepartment: return (assisting, policeDepartment)
        case .dispatchingOrganization: return (sender, nil)
        case .none: return (outsider, handler ? outsiderDepartment : nil)
        }
    }

    /// A valid body for each action, so that a refusal can only come from authorisation.
    static func request(for action: TicketAction, number: String, task: Int, mergeTarget: String) -> (path: String, body: [String: Any]) {
        let base = "/api/v1/tickets/\(number)/"
        switch action {
        case .dispatch: return (base + "dispatch", ["organization": outsider])
        case .acknowledge: return (base + "acknowledge", [:])
        case .sendBack: return (base + "send-back", ["reason": "other", "note": "不属于本单位职责"])
        case .assign: return (base + "assign", ["department": otherLeadDepartment])
        case .addTask:
            return (
                base + "tasks", ["title": "现场核实", "department": assignedDepartment, "responsiblePerson": "张伟", "dueDate": "2026-12-01"]
            )
        case .completeTask: return (base + "tasks/\(task)/complete", ["result": "已完成"])
        case .reply: return (base + "reply", ["text": "已维修完毕", "contactMethod": "phone"])
        case .followUp: return (base + "follow-up", ["satisfaction": "satisfied"])
        case .escalate: return (base + "escalate", ["note": "久拖未决"])
        case .merge: return (base + "merge", ["into": mergeTarget])
        case .reject: return (base + "reject", ["reason": "不属于受理范围"])
        case .answer: return (base + "answer", ["text": "政策解答"])
        case .reopen: return (base + "reopen", ["reason": "问题复发"])
        case .requestExtension: return (base + "request-extension", ["deadline": "resolve", "until": "2026-03-20", "reason": "需协调物业和施工方"])
        case .decideExtension: return (base + "decide-extension", ["approve": true])
        case .contact: return (base + "record-contact", ["method": "phone", "note": "已电话联系，约定明日上门"])
        case .requestPause:
            return (base + "request-pause", ["reason": "appraisal", "resumeOn": "2026-03-20", "note": "等待房屋安全鉴定"])
        case .decidePause: return (base + "decide-pause", ["approve": true])
        case .resume: return (base + "resume", ["arrived": true])
        case .refer: return (base + "refer", ["body": "潜江市12345政务服务便民热线", "contact": "12345", "letter": "转请办理"])
        case .registerPetition: return (base + "register-petition", ["reason": "群众书面信访，反映同一问题", "leapfrog": false])
        case .decidePetition: return (base + "decide-petition", ["outcome": "accepted", "note": "依法予以受理"])
        case .extendPetition: return (base + "extend-petition", ["days": 30, "reason": "需多部门会商"])
        case .requestPetitionReview: return (base + "request-review", ["reason": "对处理意见不服"])
        case .decidePetitionReview: return (base + "decide-review", ["upheld": true, "reviewer": "潜江市信访局", "opinion": "维持原处理意见"])
        }
    }

    /// A ticket in every relation at once: taken in and sent by the court (我单位派出), led by 光华街道 (assigned to its
    /// construction office), 交警 assisting, task 1 for a police department, task 2 for another 光华街道 department.
    static func makeTicket(_ web: WebClient, tokens: [String: String]) async throws -> String {
        let created = try await web.request(
            .post, "/api/v1/tickets",
            body: [
                "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                "description": "三栋顶楼屋顶漏水，雨天滴水严重", "requester": ["name": "王华", "phone": "13812345678"],
            ], token: tokens["walk.sender"])
        let number = try #require(created["number"] as? String, "\(created.json)")
        let steps: [(String, String, [String: Any])] = [
            ("walk.sender", "dispatch", ["organization": lead, "department": assignedDepartment, "assisting": [assisting]]),
            ("gh.dispatcher", "acknowledge", [:]),
            (
                "gh.dispatcher", "tasks",
                ["title": "路口疏导", "department": policeDepartment, "responsiblePerson": "李警官", "dueDate": "2026-12-01"]
            ),
            (
                "gh.dispatcher", "tasks",
                ["title": "物业协调", "department": otherLeadDepartment, "responsiblePerson": "赵敏", "dueDate": "2026-12-01"]
            ),
        ]
        for (user, action, body) in steps {
            let response = try await web.act(number, action, body, as: tokens[user]!)
            try #require(response.status == .ok, "\(action): \(response.json)")
        }
        return number
    }

    @Test func everyCellOfTheMatrixHoldsThroughTheAPI() async throws {
        try await WebHarness.run { web in
            let hash = try await PasswordHasher(cost: 4).hash(WebHarness.password)
            var tokens: [String: String] = [:]
            for user in ["gh.dispatcher", "joint.supervisor"] { tokens[user] = try await web.token(user) }
            _ = try await web.database.accounts.createAccount(
                username: "walk.sender", passwordHash: hash, displayName: "walk.sender",
                organization: Self.sender, role: .dispatcher, department: nil)
            tokens["walk.sender"] = try await web.token("walk.sender")
            var walkers: [(role: Role, relation: TicketRelation, username: String)] = []
            for role in Role.allCases {
                for relation in TicketRelation.applicable(to: role) {
                    let username = "walk.\(role.rawValue).\(relation.rawValue)"
                    let place = Self.placement(role, relation)
                    _ = try await web.database.accounts.createAccount(
                        username: username, passwordHash: hash, displayName: username,
                        organization: place.organization, role: role, department: place.department)
                    tokens[username] = try await web.token(username)
                    walkers.append((role, relation, username))
                }
            }
            let mergeTarget = try await Self.makeTicket(web, tokens: tokens)
            var number = try await Self.makeTicket(web, tokens: tokens)
            var cells = 0, allowed = 0, succeeded = 0, refused = 0
            func version(_ number: String) async throws -> Int {
                try #require(try await web.request(.get, "/api/v1/tickets/\(number)", token: tokens["joint.supervisor"])["version"] as? Int)
            }

            for walker in walkers {
                let token = tokens[walker.username]!
                for operation in TicketOperation.allCases {
                    cells += 1
                    let grant = AuthorizationMatrix.grant(operation, role: walker.role, relation: walker.relation)
                    let visible = AuthorizationMatrix.grant(.view, role: walker.role, relation: walker.relation) == .allow
                    let label = "\(walker.role.rawValue) × \(walker.relation.rawValue) × \(operation)"
                    // Each cell starts from a ticket in the walk's shape.
                    let before = try await version(number)
                    let response: JSONResponse
                    switch operation {
                    case .view:
                        response = try await web.request(.get, "/api/v1/tickets/\(number)", token: token)
                        // 我单位派出 is its own list (`view=sent`); the others are the user's own list.
                        let view = walker.relation == .dispatchingOrganization ? "&view=sent" : ""
                        let listed = try await web.request(.get, "/api/v1/tickets?q=\(number)\(view)", token: token)
                        let numbers = (listed["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
                        #expect(numbers == (visible ? [number] : []), "list: \(label)")
                    case .revealContact:
                        response = try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: token)
                    case .act(let action):
                        // `own` cells are tried on the walker's own task; the other task is refused to them.
                        let ownTask = walker.relation.ownsPoliceTask ? 1 : 2
                        if grant == .ownTasks {
                            let foreign = Self.request(for: action, number: number, task: 3 - ownTask, mergeTarget: mergeTarget)
                            let other = try await web.request(.post, foreign.path, body: foreign.body, token: token)
                            #expect(other.status == .forbidden, "someone else's task: \(label) \(other.json)")
                        }
                        let call = Self.request(for: action, number: number, task: ownTask, mergeTarget: mergeTarget)
                        response = try await web.request(.post, call.path, body: call.body, token: token)
                    }
                    if grant == .deny {
                        refused += 1
                        // The security and audit administrators are refused every ticket route outright (三员分立).
                        let refusal: HTTPResponse.Status = visible || !walker.role.seesRequests ? .forbidden : .notFound
                        #expect(response.status == refusal, "\(label): \(response.status) \(response.json)")
                        #expect(try await version(number) == before, "refused but changed: \(label)")
                    } else {
                        allowed += 1
                        #expect(
                            [.ok, .conflict, .unprocessableContent].contains(response.status),
                            "\(label): \(response.status) \(response.json)")
                        if response.status == .ok {
                            succeeded += 1
                            if case .act = operation { number = try await Self.makeTicket(web, tokens: tokens) }
                        }
                    }
                }
            }
            #expect(cells == 41 * TicketOperation.allCases.count)
            print("authorisation walk: \(cells) cells, \(allowed) allowed (\(succeeded) carried out), \(refused) refused")
        }
    }
}

extension TicketRelation {
    /// Whether a walker in this relation belongs to the organisation of task 1 (the police department's).
    var ownsPoliceTask: Bool { self == .assistingOrganization || self == .taskDepartment }
}
