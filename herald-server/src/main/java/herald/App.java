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
import herald.dashboard.SessionStore;
import herald.dashboard.Sessions;
import herald.dashboard.SignInLimit;
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
import herald.flag.FlagRoutes;
import herald.flag.FlagStore;
import herald.flag.Flags;
import herald.format.Formats;
import herald.http.ApiServer;
import herald.http.Auth;
import herald.http.Http;
import herald.http.OpsRoutes;
import herald.limit.RateLimiter;
import herald.experiment.EndScheduler;
import herald.experiment.ExperimentRoutes;
import herald.experiment.ExperimentStore;
import herald.experiment.Experiments;
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
import herald.webhook.AddressPolicy;
import herald.webhook.WebhookRoutes;
import herald.webhook.Subscriptions;
import herald.webhook.WebhookStore;
import herald.webhook.Webhooks;
import herald.vault.KeyFiles;
import herald.vault.MasterKey;
import herald.vault.SecretBox;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
            ObjectMapper mapper = new ObjectMapper();
            if (config.embedded()) {
                started.add(lockDataDir(config));
            }
            SecretBox box = masterKeys(config).open();
            Database db = open(config);
            started.add(db);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            started.add(meters::close);
            String nodeId = Ids.next("node");

            AccountStore accountStore = new AccountStore();
            WebhookStore webhookStore = new WebhookStore(mapper, box);
            int sealed = db.write(webhookStore::sealAll);
            if (sealed > 0) {
                log.info("sealed the signing secrets of {} webhooks under master key {}", sealed, box.currentKeyId());
            }
            AuditLog audit = new AuditLog(db, new AuditStore(), mapper, clock);
            EventStore eventStore = new EventStore();
            DeliveryStore deliveryStore = new DeliveryStore();
            EventCatalog catalog = EventCatalog.load(mapper);
            // Nodes sharing PostgreSQL tell each other about new work; the embedded database has no others.
            Notifications notifications = new Notifications(db);
            Wakeup.Broadcast broadcast = config.embedded() ? Wakeup.Broadcast.NONE : notifications::announce;
            Wakeup signal = new Wakeup("herald_deliveries", broadcast);
            AddressPolicy policy = new AddressPolicy(config.allowPrivateTargets());
            if (policy.allowPrivate()) {
                log.warn("HERALD_ALLOW_PRIVATE_TARGETS=true: webhooks may reach loopback and private addresses "
                        + "over plain http. Use this for development and tests only.");
            }

            Accounts.OperatorToken operator = Accounts.establishOperatorToken(db, accountStore, config.operatorToken());
            this.generatedOperatorToken = operator.generated();
            Accounts accounts = new Accounts(db, accountStore, clock, operator.hash(), audit);
            Handoff handoff = new Handoff(nodeId, Dispatcher.lease(config.attemptTimeout()));
            Publisher publisher = new Publisher(new Subscriptions(webhookStore), eventStore, deliveryStore, handoff,
                    signal, mapper, clock);
            Webhooks webhooks = new Webhooks(db, webhookStore, deliveryStore, publisher, catalog, policy, signal,
                    audit, mapper, clock, config.maxWebhooksPerAccount());
            Events events = new Events(db, eventStore, catalog, publisher, new RateLimiter(
                    config.publishLimit().perSecond(), config.publishLimit().burst(), "events published"));
            Deliveries deliveries = new Deliveries(db, deliveryStore, webhookStore, signal, audit, clock);
            ProjectStore projectStore = new ProjectStore();
            MetricStore metricStore = new MetricStore(mapper);
            Projects projects = new Projects(db, projectStore, clock);
            Metrics metrics = new Metrics(db, metricStore, clock);
            ExperimentStore experimentStore = new ExperimentStore(mapper);
            DataStore dataStore = new DataStore();
            Analysis analysis = new Analysis(db, dataStore, experimentStore, metricStore, new RunStore(), publisher,
                    mapper, clock);
            AnalysisQueue analysisQueue = new AnalysisQueue(analysis);
            started.add(analysisQueue);
            Wakeup experimentEnds = new Wakeup("herald_experiment_ends", broadcast);
            Experiments experiments = new Experiments(db, experimentStore, projectStore, metricStore, publisher,
                    experimentEnds, (id, reason) -> analysisQueue.request(id, Analysis.Reason.valueOf(
                            reason.toUpperCase(java.util.Locale.ROOT))), mapper, clock);
            Ingestion ingestion = new Ingestion(db, dataStore, experimentStore, metricStore, mapper, clock);
            FlagStore flagStore = new FlagStore();
            MemberStore memberStore = new MemberStore();
            Flags flags = new Flags(db, flagStore, projectStore, publisher, clock);
            Members members = new Members(db, memberStore, projectStore, publisher, clock);

            Dispatcher dispatcher = new Dispatcher(db, deliveryStore, webhookStore, webhooks, eventStore,
                    new Sender(policy, config.attemptTimeout()), config.retrySchedule(), config.limits(),
                    config.attemptTimeout(), handoff, signal, clock, meters, nodeId,
                    new Formats(mapper, config.publicUrl()));
            started.add(dispatcher.start(config.embedded()));
            BacklogMetrics.register(meters, db, deliveryStore, clock);
            db.instrument(meters);

            if (!config.embedded()) {
                started.add(notifications.start(List.of(signal, experimentEnds)));
            }
            Leadership leadership = new Leadership(db, nodeId, LEADER_LEASE, clock);
            started.add(new EndScheduler(experiments, leadership, experimentEnds, clock).start());
            started.add(new DailyAnalysis(db, experimentStore, accountStore, analysis, leadership,
                    config.analysisTime(), clock).start());
            started.add(leadership.start(config.embedded()));

            Retention retention = new Retention(db, deliveryStore, eventStore, config.retention(), clock);
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("herald-scheduler").daemon().factory());
            scheduler.scheduleWithFixedDelay(() -> runQuietly("retention purge", () -> {
                if (leadership.leads()) {
                    retention.purge();
                }
            }), 1, 60,
                    TimeUnit.MINUTES);
            started.add(scheduler::shutdownNow);

            Http http = new Http(mapper);
            Gate gate = new Gate(new Sessions(db, new SessionStore(), accounts, clock), new SignInLimit(clock));
            Pages pages = new Pages(gate);
            MetricsSection metricsSection = new MetricsSection(experiments, metrics, pages);
            this.server = new ApiServer(config.port(), http, new Auth(accounts), List.of(
                    new OpsRoutes(http, meters, () -> reachable(db)),
                    new AccountRoutes(accounts, http),
                    new WebhookRoutes(webhooks, http),
                    new EventRoutes(events, http),
                    new DeliveryRoutes(deliveries, http),
                    new ProjectRoutes(projects, http),
                    new MetricRoutes(metrics, http),
                    new ExperimentRoutes(experiments, http),
                    new FlagRoutes(flags, http),
                    new MemberRoutes(members, http),
                    new AnalysisRoutes(ingestion, analysis, http),
                    new AuditRoutes(audit, http),
                    new OpenApiRoutes(OpenApiDocument.load(mapper, catalog)),
                    new DocsRoutes(),
                    new DashboardRoutes(gate, pages),
                    new WebhookPages(webhooks, deliveries, catalog, pages, mapper),
                    new HistoryPages(webhooks, deliveries, catalog, pages, clock),
                    metricsSection,
                    new ExperimentPages(experiments, projects, analysis, events, metricsSection, pages, mapper)));
            started.add(server.start());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
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
     * point leaves every secret readable. With {@code HERALD_MASTER_KEY}, the new key must be given.
     *
     * @return the new key's id
     */
    public static String rotateMasterKey(Config config, Optional<String> newKey) {
        KeyFiles files = masterKeys(config);
        if (files.fromEnvironment() && newKey.isEmpty()) {
            throw new IllegalArgumentException("HERALD_MASTER_KEY is set: pass the new key with --new-key, then set"
                    + " HERALD_MASTER_KEY to it");
        }
        MasterKey current = files.current();
        MasterKey next = newKey.map(MasterKey::parse).orElseGet(MasterKey::generate);
        List<MasterKey> older = new ArrayList<>(files.others());
        older.add(current);
        try (AutoCloseable lock = config.embedded() ? lockDataDir(config) : () -> { };
             Database db = open(config)) {
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

    /** The embedded database in the data directory, or PostgreSQL when a database URL is set. */
    private static Database open(Config config) {
        return config.embedded()
                ? Database.openEmbedded(config.dataDir().resolve("herald.db"), config.durableCommits())
                : Database.openPostgres(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                        config.databasePoolSize());
    }

    /**
     * Where the master key comes from. Nodes sharing a PostgreSQL database must share the key too, so
     * there it must come from {@code HERALD_MASTER_KEY}: a key file generated in one node's data
     * directory would leave the other nodes unable to sign.
     */
    private static KeyFiles masterKeys(Config config) {
        if (!config.embedded() && config.masterKey().isEmpty()) {
            throw new IllegalArgumentException("on PostgreSQL every node needs the same master key: set"
                    + " HERALD_MASTER_KEY (32 random bytes, base64) on each node");
        }
        return new KeyFiles(config.dataDir(), config.masterKey());
    }

    private static AutoCloseable lockDataDir(Config config) {
        try {
            Files.createDirectories(config.dataDir());
            FileChannel channel = FileChannel.open(config.dataDir().resolve("herald.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very process
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Herald process is using " + config.dataDir().toAbsolutePath()
                        + "; the embedded database serves one process");
            }
            return channel::close;
        } catch (IOException e) {
            throw new IllegalStateException("cannot use data directory " + config.dataDir().toAbsolutePath(), e);
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

    private static void runQuietly(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.error("{} failed; it runs again at its next turn", what, e);
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
