package herald;

import com.fasterxml.jackson.databind.ObjectMapper;
import herald.account.AccountRoutes;
import herald.account.AccountStore;
import herald.account.Accounts;
import herald.analysis.Analysis;
import herald.analysis.AnalysisQueue;
import herald.analysis.AnalysisRoutes;
import herald.analysis.DailyAnalysis;
import herald.analysis.DataStore;
import herald.analysis.Ingestion;
import herald.analysis.RunStore;
import herald.analysis.TotalsFold;
import herald.audit.AuditLog;
import herald.audit.AuditRoutes;
import herald.audit.AuditStore;
import herald.cluster.Leadership;
import herald.cluster.Notifications;
import herald.config.Config;
import herald.dashboard.DashboardRoutes;
import herald.dashboard.ExperimentPages;
import herald.dashboard.Gate;
import herald.dashboard.HistoryPages;
import herald.dashboard.MetricsSection;
import herald.dashboard.Pages;
import herald.dashboard.SignInLimit;
import herald.dashboard.SessionStore;
import herald.dashboard.Sessions;
import herald.dashboard.WebhookPages;
import herald.db.Database;
import herald.delivery.BacklogMetrics;
import herald.delivery.Deliveries;
import herald.delivery.DeliveryRoutes;
import herald.delivery.DeliveryStore;
import herald.delivery.Dispatcher;
import herald.delivery.Handoff;
import herald.delivery.Retention;
import herald.delivery.Sender;
import herald.docs.DocsRoutes;
import herald.event.EventCatalog;
import herald.event.EventRoutes;
import herald.event.EventStore;
import herald.event.Events;
import herald.event.Publisher;
import herald.experiment.EndScheduler;
import herald.experiment.ExperimentRoutes;
import herald.experiment.ExperimentStore;
import herald.experiment.Experiments;
import herald.flag.FlagRoutes;
import herald.flag.FlagStore;
import herald.flag.Flags;
import herald.settings.SettingsDocuments;
import herald.settings.SettingsRoutes;
import herald.format.Formats;
import herald.http.ApiServer;
import herald.http.Auth;
import herald.http.Http;
import herald.http.OpsRoutes;
import herald.id.Ids;
import herald.limit.RateLimiter;
import herald.loop.Wakeup;
import herald.member.MemberRoutes;
import herald.member.MemberStore;
import herald.member.Members;
import herald.metric.MetricRoutes;
import herald.metric.MetricStore;
import herald.metric.Metrics;
import herald.openapi.OpenApiDocument;
import herald.openapi.OpenApiRoutes;
import herald.project.ProjectRoutes;
import herald.project.ProjectStore;
import herald.project.Projects;
import herald.vault.KeyFiles;
import herald.vault.MasterKey;
import herald.vault.SecretBox;
import herald.webhook.AddressPolicy;
import herald.webhook.Subscriptions;
import herald.webhook.WebhookRoutes;
import herald.webhook.WebhookStore;
import herald.webhook.Webhooks;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where Herald is wired: configuration → database → stores → services → dispatcher
 * → scheduler → HTTP server. Closing it stops everything it started, in reverse order.
 */
public final class App implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(App.class);
    /** How long the scheduled jobs stay with a node that stopped renewing: a dead node's jobs move after this. */
    private static final java.time.Duration LEADER_LEASE = java.time.Duration.ofSeconds(10);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final ApiServer server;
    private final Optional<String> generatedOperatorToken;

    private App(Config config, Clock clock) {
        try {
            Deployment deployment = Deployment.of(config);
            started.add(deployment.claimDataDir());
            Storage storage = openStorage(deployment);
            Node node = node(config, deployment, storage.db(), clock);
            Accounts.OperatorToken operator = config.operatorToken().map(Accounts.OperatorToken::configured)
                    .orElseGet(() -> Accounts.establishOperatorToken(storage.db(), storage.accounts()));
            this.generatedOperatorToken = operator.generated();
            Services services = services(config, storage, node, operator, clock);
            startBackgroundWork(config, deployment, storage, node, services, clock);
            this.server = httpServer(config, storage, services, clock);
            started.add(server.start());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The database and the stores that hold every SQL statement over it. */
    private record Storage(ObjectMapper mapper, Database db, PrometheusMeterRegistry meters, AccountStore accounts,
                           WebhookStore webhooks, EventStore events, DeliveryStore deliveries,
                           ProjectStore projects, MetricStore metrics, ExperimentStore experiments,
                           DataStore data, FlagStore flags, MemberStore members) {}

    private Storage openStorage(Deployment deployment) {
        ObjectMapper mapper = new ObjectMapper();
        SecretBox box = deployment.masterKeys().open();
        Database db = deployment.openDatabase();
        started.add(db);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        started.add(meters::close);
        db.instrument(meters);
        WebhookStore webhooks = new WebhookStore(mapper, box);
        int sealed = db.write(webhooks::sealAll);
        if (sealed > 0) {
            log.info("sealed the signing secrets and custom headers of {} webhooks under master key {}", sealed,
                    box.currentKeyId());
        }
        return new Storage(mapper, db, meters, new AccountStore(), webhooks, new EventStore(), new DeliveryStore(),
                new ProjectStore(), new MetricStore(mapper), new ExperimentStore(mapper), new DataStore(),
                new FlagStore(), new MemberStore());
    }

    /** This process among the nodes: its id, and the wakeups that committed work rings here and on the others. */
    private record Node(String id, Notifications notifications, Wakeup deliveries, Wakeup experimentEnds,
                        Handoff handoff) {}

    private static Node node(Config config, Deployment deployment, Database db, Clock clock) {
        String id = Ids.next("node", clock.millis());
        // Nodes sharing PostgreSQL tell each other about new work; the embedded database has no others.
        Notifications notifications = new Notifications(db);
        Wakeup.Broadcast broadcast = deployment.broadcast(notifications);
        return new Node(id, notifications, new Wakeup("herald_deliveries", broadcast),
                new Wakeup("herald_experiment_ends", broadcast),
                new Handoff(id, Dispatcher.lease(config.attemptTimeout())));
    }

    /** The features' services: what the routes, the dashboard and the background jobs call. */
    private record Services(AddressPolicy policy, EventCatalog catalog, AuditLog audit, Accounts accounts,
                            Publisher publisher, Webhooks webhooks, Events events, Deliveries deliveries,
                            Projects projects, Metrics metrics, Analysis analysis, Experiments experiments,
                            Ingestion ingestion, Flags flags, Members members) {}

    private Services services(Config config, Storage storage, Node node, Accounts.OperatorToken operator,
                              Clock clock) {
        ObjectMapper mapper = storage.mapper();
        Database db = storage.db();
        AddressPolicy policy = new AddressPolicy(config.allowPrivateTargets());
        if (policy.allowPrivate()) {
            log.warn("HERALD_ALLOW_PRIVATE_TARGETS=true: webhooks may reach loopback and private addresses "
                    + "over plain http. Use this for development and tests only.");
        }
        EventCatalog catalog = EventCatalog.load(mapper);
        AuditLog audit = new AuditLog(db, new AuditStore(), mapper, clock);
        Accounts accounts = new Accounts(db, storage.accounts(), storage.deliveries(), node.deliveries(), clock,
                operator.hash(), audit);
        Publisher publisher = new Publisher(new Subscriptions(storage.webhooks()), catalog, storage.events(),
                storage.deliveries(), node.handoff(), node.deliveries(), mapper, clock);
        Webhooks webhooks = new Webhooks(db, storage.webhooks(), storage.deliveries(), publisher, catalog, policy,
                node.deliveries(), audit, mapper, clock, config.maxWebhooksPerAccount());
        Events events = new Events(db, storage.events(), catalog, publisher, new RateLimiter(
                config.publishLimit().perSecond(), config.publishLimit().burst(), "events published"));
        Deliveries deliveries = new Deliveries(db, storage.deliveries(), storage.webhooks(), node.deliveries(),
                audit, clock);
        TotalsFold fold = new TotalsFold(db, storage.data(), storage.experiments());
        started.add(fold);
        Analysis analysis = new Analysis(db, storage.data(), storage.experiments(), storage.metrics(),
                new RunStore(), fold, publisher, mapper, clock);
        AnalysisQueue analysisQueue = new AnalysisQueue(analysis);
        started.add(analysisQueue);
        Experiments experiments = new Experiments(db, storage.experiments(), storage.projects(), storage.metrics(),
                publisher, node.experimentEnds(), analysisQueue::request, mapper, clock);
        return new Services(policy, catalog, audit, accounts, publisher, webhooks, events, deliveries,
                new Projects(db, storage.projects(), clock), new Metrics(db, storage.metrics(), clock), analysis,
                experiments, new Ingestion(db, storage.data(), storage.experiments(), storage.metrics(), fold, mapper,
                        clock),
                new Flags(db, storage.flags(), storage.projects(), publisher, clock),
                new Members(db, storage.members(), storage.projects(), publisher, clock));
    }

    /** The dispatcher, the cluster's notifications and the jobs that one leading node runs. */
    private void startBackgroundWork(Config config, Deployment deployment, Storage storage, Node node,
                                     Services services, Clock clock) {
        Database db = storage.db();
        Dispatcher dispatcher = new Dispatcher(db, storage.deliveries(), storage.webhooks(), services.webhooks(),
                storage.events(), new Sender(services.policy(), config.attemptTimeout()), config.retrySchedule(),
                config.limits(), config.attemptTimeout(), node.handoff(), node.deliveries(), clock, storage.meters(),
                node.id(), new Formats(storage.mapper(), config.publicUrl()));
        started.add(dispatcher.start(deployment.soleNode()));
        BacklogMetrics.register(storage.meters(), db, storage.deliveries(), clock);
        started.add(deployment.listen(node.notifications(), List.of(node.deliveries(), node.experimentEnds())));

        Leadership leadership = new Leadership(db, node.id(), LEADER_LEASE, clock);
        started.add(new EndScheduler(services.experiments(), leadership, node.experimentEnds(), clock).start());
        started.add(new DailyAnalysis(db, storage.experiments(), storage.accounts(), services.analysis(), leadership,
                config.analysisTime(), clock).start());
        started.add(new Retention(db, storage.deliveries(), storage.events(), config.retention(), clock)
                .loop(leadership).start());
        started.add(leadership.start(deployment.soleNode()));
    }

    private static ApiServer httpServer(Config config, Storage storage, Services services, Clock clock) {
        ObjectMapper mapper = storage.mapper();
        Http http = new Http(mapper);
        Gate gate = new Gate(new Sessions(storage.db(), new SessionStore(), services.accounts(), clock),
                new SignInLimit(clock));
        Pages pages = new Pages(gate);
        MetricsSection metricsSection = new MetricsSection(services.experiments(), services.metrics(), pages);
        return new ApiServer(config.port(), http, new Auth(services.accounts()), List.of(
                new OpsRoutes(http, storage.meters(), () -> reachable(storage.db())),
                new AccountRoutes(services.accounts(), http),
                new WebhookRoutes(services.webhooks(), http),
                new EventRoutes(services.events(), http),
                new DeliveryRoutes(services.deliveries(), http),
                new ProjectRoutes(services.projects(), http),
                new MetricRoutes(services.metrics(), http),
                new ExperimentRoutes(services.experiments(), http),
                new FlagRoutes(services.flags(), http),
                new SettingsRoutes(new SettingsDocuments(storage.db(), storage.projects(), storage.experiments(),
                        storage.flags(), services.accounts(), services.audit(), clock), http),
                new MemberRoutes(services.members(), http),
                new AnalysisRoutes(services.ingestion(), services.analysis(), http),
                new AuditRoutes(services.audit(), http),
                new OpenApiRoutes(OpenApiDocument.load(mapper, services.catalog())),
                new DocsRoutes(),
                new DashboardRoutes(gate, pages),
                new WebhookPages(services.webhooks(), services.deliveries(), services.catalog(), pages),
                new HistoryPages(services.webhooks(), services.deliveries(), services.catalog(), pages, clock),
                metricsSection,
                new ExperimentPages(services.experiments(), services.projects(), services.analysis(), services.events(),
                        metricsSection, pages)));
    }

    /** Starts Herald; the HTTP port is open and the dispatcher running when this returns. */
    public static App start(Config config, Clock clock) {
        return new App(config, clock);
    }

    public int port() {
        return server.port();
    }

    /** The routes the HTTP server answers. */
    public List<ApiServer.Route> routes() {
        return server.routes();
    }

    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** The operator token, present only on the first start that generated it. */
    public Optional<String> generatedOperatorToken() {
        return generatedOperatorToken;
    }

    /**
     * Re-seals every signing secret under a new master key in one transaction, with Herald stopped
     * (the data directory's lock is taken). With a key file, the new key is written beside the old
     * one first ({@code master.key.next}) and replaces it only after the commit, so a crash at any
     * point leaves every secret readable.
     *
     * @param newKey the new key, base64 of 32 random bytes
     * @return the new key's id
     */
    public static String rotateMasterKey(Config config, String newKey) {
        return rotateMasterKey(config, MasterKey.parse(newKey));
    }

    /**
     * The same, to a new random key written to the key file; refused with {@code HERALD_MASTER_KEY},
     * whose new value only the operator can set.
     */
    public static String rotateMasterKey(Config config) {
        if (config.masterKey().isPresent()) {
            throw new IllegalArgumentException("HERALD_MASTER_KEY is set: pass the new key with --new-key, then set"
                    + " HERALD_MASTER_KEY to it");
        }
        return rotateMasterKey(config, MasterKey.generate());
    }

    private static String rotateMasterKey(Config config, MasterKey next) {
        Deployment deployment = Deployment.of(config);
        KeyFiles files = deployment.masterKeys();
        MasterKey current = files.current();
        List<MasterKey> older = new ArrayList<>(files.others());
        older.add(current);
        try (AutoCloseable lock = deployment.claimDataDir(); Database db = deployment.openDatabase()) {
            if (!files.fromEnvironment()) {
                files.stageNext(next);
            }
            db.write(new WebhookStore(new ObjectMapper(), new SecretBox(next, older))::sealAll);
            if (!files.fromEnvironment()) {
                files.promoteNext();
            }
            return next.id();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot release the data directory", e);
        }
    }

    /** Ready when the database answers a read and takes writes (after a storage fault, proven by one). */
    private static boolean reachable(Database db) {
        try {
            return db.read(tx -> tx.count("SELECT 1")) == 1 && db.writable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping", e);
            }
        }
        started.clear();
    }
}
