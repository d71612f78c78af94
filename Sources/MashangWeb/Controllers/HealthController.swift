import Hummingbird
import MashangStore

/// `GET /health`: `{"status":"ok"}` once the database answers, 503 otherwise.
struct HealthController {
    let database: MashangDatabase

    struct Status: Encodable {
        var status: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in
            do {
                try await database.ping()
                return JSONBody.response(Status(status: "ok"))
            } catch {
                return JSONBody.response(Status(status: "unavailable"), status: .serviceUnavailable)
            }
        }
    }
}
