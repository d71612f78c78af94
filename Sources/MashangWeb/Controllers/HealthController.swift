import Hummingbird
import MashangCore
import MashangServices

/// `GET /health`: `{"status":"ok"}` once the database answers, 503 otherwise.
struct HealthController {
    let stores: Stores

    struct Status: Encodable {
        var status: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in
            do {
                try await stores.ping()
                return JSONBody.response(Status(status: "ok"))
            } catch {
                return JSONBody.response(Status(status: "unavailable"), status: .serviceUnavailable)
            }
        }
    }
}
