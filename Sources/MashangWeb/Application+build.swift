import Foundation
import Hummingbird
import Logging
import MashangCore
import MashangServices
import ServiceLifecycle

/// The composition root: builds the whole application. The executable and the tests both call this.
public func buildApplication(
    configuration: AppConfiguration, dependencies: AppDependencies,
    logger: Logger = Logger(label: "mashang")
) -> some ApplicationProtocol {
    let hotspots = HotspotCache()
    let router = buildRouter(configuration: configuration, dependencies: dependencies, hotspots: hotspots)
    // Services stop in reverse order: the sweeper before the database closes.
    var services: [any Service] = [
        DatabaseShutdown(stores: dependencies.stores, logger: logger), WebhookDispatcher(dependencies: dependencies, logger: logger),
        MessageDispatcher(
            dependencies: dependencies, senders: configuration.messageSenders, rules: configuration.deliveryRules,
            publicURL: configuration.publicURL, logger: logger),
        ReminderPlanner(dependencies: dependencies, logger: logger),
        hotspots,
    ]
    if let feed = dependencies.stores.changeFeed {
        services.append(ChangeRelay(feed: feed, changes: dependencies.changes, logger: logger))
    }
    if configuration.sweepSeconds > 0 {
        services.append(DeadlineSweeper(dependencies: dependencies, interval: .seconds(configuration.sweepSeconds), logger: logger))
        // Closing days is cheap when nothing is open, and a day closes minutes after midnight.
        services.append(
            DayCloser(
                integrity: dependencies.stores.integrity, interval: .seconds(300), logger: logger,
                auditRetentionMonths: configuration.auditRetentionMonths, clock: dependencies.clock))
        services.append(
            ContactRetention(
                dependencies: dependencies, years: configuration.contactRetentionYears, interval: .seconds(3600), logger: logger))
    }
    if configuration.figuresSeconds > 0 {
        services.append(
            FiguresRefresher(
                figures: dependencies.stores.figures, interval: .seconds(configuration.figuresSeconds), logger: logger,
                clock: dependencies.clock))
    }
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Mashang"),
        services: services,
        logger: logger
    )
}

/// The routes, for tests that want the router alone. `hotspots` is a service: run it with the router's application.
public func buildRouter(
    configuration: AppConfiguration, dependencies: AppDependencies, hotspots: HotspotCache,
    metrics: ServerMetrics = ServerMetrics()
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    if !configuration.trustedProxies.isEmpty { router.add(middleware: ForwardedForMiddleware(trusted: configuration.trustedProxies)) }
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: RequestLogMiddleware(level: .info))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(messages: .bundled, pages: .bundled))
    router.add(middleware: EmptyFiltersMiddleware())
    router.add(middleware: DatabaseDeadlineMiddleware(deadline: configuration.databaseRequestDeadline))
    if let assets = Bundle.module.url(forResource: "app", withExtension: "css", subdirectory: "Resources/public")?
        .deletingLastPathComponent().path
    {
        // CSS and other assets ship inside the server: deployments are often offline intranets.
        router.add(
            middleware: FileMiddleware(assets, urlBasePath: "/static", cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])])))
    }
    router.add(
        middleware: AuthMiddleware(dependencies: dependencies, idleLimit: TimeInterval(configuration.sessionIdleMinutes * 60)))
    router.add(middleware: AdministratorConfinementMiddleware())

    HealthController(stores: dependencies.stores).addRoutes(to: router)
    MetricsController(metrics: metrics, stores: dependencies.stores, token: configuration.metricsToken, clock: dependencies.clock)
        .addRoutes(to: router)
    let service = TicketService(dependencies: dependencies)
    let api = router.group("api/v1")
    let staff = api.group(context: StaffRequestContext.self)
    ReferenceController(reference: dependencies.reference).addRoutes(to: api)
    OpenAPIController().addRoutes(to: api)
    OpenAPIController.addDocsPage(to: router, pages: .bundled, messages: .bundled)
    IntakeController(service: service).addRoutes(to: api)
    Open311Controller(
        dependencies: dependencies, service: service, messages: .bundled, jurisdiction: configuration.open311Jurisdiction,
        publicURL: configuration.publicURL
    )
    .addRoutes(to: router)
    AuthController(dependencies: dependencies, tokenLifetime: TimeInterval(configuration.tokenLifetimeHours * 3600))
        .addRoutes(public: api, staff: staff)
    TicketController(service: service, reference: dependencies.reference).addRoutes(to: staff.group("tickets"))
    PublicPagesController(service: service, reference: dependencies.reference, pages: .bundled, messages: .bundled)
        .addRoutes(to: router)
    PublicFiguresController(dependencies: dependencies, pages: .bundled, messages: .bundled).addRoutes(to: router)
    PrivacyNoticeController(pages: .bundled, messages: .bundled, contactRetentionYears: configuration.contactRetentionYears)
        .addRoutes(to: router)
    GuideController(service: service, reference: dependencies.reference, pages: .bundled, messages: .bundled)
        .addRoutes(to: router)
    StaffSessionController(
        dependencies: dependencies, pages: .bundled, messages: .bundled,
        sessionLifetime: TimeInterval(configuration.tokenLifetimeHours * 3600),
        secureCookies: configuration.secureCookies
    )
    .addRoutes(to: router)
    let kit = StaffPageKit(dependencies: dependencies)
    let staffPages = StaffPagesController(service: service, reference: dependencies.reference, kit: kit)
    let staffGroup = router.group("staff", context: StaffPageContext.self)
    staffPages.addRoutes(to: staffGroup)
    ThreeListsController(service: service, kit: kit).addRoutes(to: staffGroup)
    StaffNewTicketController(service: service, reference: dependencies.reference, kit: kit)
        .addRoutes(to: staffGroup)
    StaffBoardController(service: service, reference: dependencies.reference, kit: kit)
        .addRoutes(to: staffGroup)
    QRController(reference: dependencies.reference, kit: kit, publicURL: configuration.publicURL)
        .addRoutes(public: router, staff: staffGroup)
    DispatchRulesAdminController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    UsersAdminController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    StructureAdminController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    IntakePointsAdminController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    AuditLogController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    MessagesAdminController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    TemplatesAdminController(
        dependencies: dependencies, kit: kit,
        senders: Dictionary(configuration.messageSenders.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first }),
        publicURL: configuration.publicURL
    ).addRoutes(to: staffGroup)
    StaffAlertsController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    StaffCalendarController(dependencies: dependencies, kit: kit)
        .addRoutes(to: staffGroup)
    StaffWebhooksController(dependencies: dependencies, kit: kit)
        .addRoutes(to: staffGroup)
    StaffApiKeysController(dependencies: dependencies, kit: kit)
        .addRoutes(to: staffGroup)
    HotspotsController(dependencies: dependencies, kit: kit)
        .addRoutes(pages: staffGroup, api: staff)
    PetitionsController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    let conduct = ConductController(dependencies: dependencies, kit: kit)
    conduct.addRoutes(pages: staffGroup, api: staff)
    ReportsController(dependencies: dependencies, kit: kit, conduct: conduct)
        .addRoutes(to: staffGroup)
    InboxController(dependencies: dependencies, kit: kit)
        .addRoutes(pages: staffGroup, api: staff)
    CommonIssuesController(dependencies: dependencies, kit: kit)
        .addRoutes(pages: staffGroup, api: staff)
    FigureSettingsController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    DataSubjectController(dependencies: dependencies, kit: kit).addRoutes(to: staffGroup)
    let registers = RegisterService(dependencies: dependencies, tickets: service)
    RegisterPagesController(dependencies: dependencies, service: registers, kit: kit)
        .addRoutes(to: staffGroup)
    RegisterAPIController(service: registers).addRoutes(to: staff)
    RegisterExtrasController(dependencies: dependencies, service: registers, kit: kit)
        .addRoutes(pages: staffGroup, api: staff)
    LegalDayController(dependencies: dependencies, service: LegalDayService(dependencies: dependencies, tickets: service), kit: kit)
        .addRoutes(public: router, staff: staffGroup, api: staff)
    DashboardController(dependencies: dependencies, kit: kit, hotspotCache: hotspots)
        .addRoutes(pages: staffGroup, api: staff)
    return router
}

/// Closes the database when the service group shuts down gracefully.
struct DatabaseShutdown: Service {
    let stores: Stores
    var logger = Logger(label: "mashang")

    func run() async throws {
        try? await gracefulShutdown()
        // Stopped last: the server has answered its requests and the background work has ended; queued writes commit.
        try await stores.close()
        logger.info("database closed")
    }
}
