package dev.cornjacket.http;

import dev.cornjacket.config.AuthSettings;
import dev.cornjacket.config.HttpSettings;
import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.http.internal.ApiException;
import dev.cornjacket.http.internal.AuthFilter;
import dev.cornjacket.http.internal.HistoryHandlers;
import dev.cornjacket.http.internal.HttpMetrics;
import dev.cornjacket.http.internal.IngestHandler;
import dev.cornjacket.http.internal.IngestService;
import dev.cornjacket.http.internal.KafkaHealthCheck;
import dev.cornjacket.http.internal.OpsHandlers;
import dev.cornjacket.http.internal.QueryHandlers;
import dev.cornjacket.http.internal.RawEventPublisher;
import dev.cornjacket.http.internal.SlowClientLimits;
import dev.cornjacket.http.internal.WebhookHandlers;
import dev.cornjacket.http.ops.DeadLetterOperations;
import dev.cornjacket.http.ops.InstanceView;
import dev.cornjacket.http.ops.WebhookStatus;
import dev.cornjacket.http.query.EventHistory;
import dev.cornjacket.http.query.PeerCalls;
import dev.cornjacket.http.query.PeerClient;
import dev.cornjacket.http.query.StoreQueries;
import dev.cornjacket.topology.EventJson;
import dev.cornjacket.topology.EventValidator;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.ValidationLimits;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of one instance: ingest ({@code POST /api/v1/events}) and health. Owns the Kafka
 * producer of the ingest role. Stop it before the streams so that no request is accepted while the
 * rest shuts down.
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final String ERROR_RENDERED = "cornjacket.error-rendered";

  private final Javalin javalin;
  private final RawEventPublisher publisher;
  private final KafkaHealthCheck kafkaHealth;
  private final List<HealthCheck> readinessChecks;
  private final List<HealthCheck> livenessChecks;
  private final QueryHandlers queryHandlers;
  private final HistoryHandlers historyHandlers;
  private final OpsHandlers opsHandlers;
  private final AtomicReference<PeerClient> opsPeers = new AtomicReference<>();
  private final WebhookHandlers webhookHandlers;

  private HttpServer(
      Javalin javalin,
      RawEventPublisher publisher,
      KafkaHealthCheck kafkaHealth,
      List<HealthCheck> readinessChecks,
      List<HealthCheck> livenessChecks,
      QueryHandlers queryHandlers,
      HistoryHandlers historyHandlers,
      OpsHandlers opsHandlers,
      WebhookHandlers webhookHandlers) {
    this.javalin = javalin;
    this.publisher = publisher;
    this.kafkaHealth = kafkaHealth;
    this.readinessChecks = readinessChecks;
    this.livenessChecks = livenessChecks;
    this.queryHandlers = queryHandlers;
    this.historyHandlers = historyHandlers;
    this.opsHandlers = opsHandlers;
    this.webhookHandlers = webhookHandlers;
  }

  /** Starts answering the stored-event endpoints from {@code history}. */
  public void serveHistory(EventHistory history) {
    historyHandlers.attach(Objects.requireNonNull(history, "history"));
  }

  /** Starts answering {@code GET /api/v1/ops/webhooks} from the dispatcher's {@code status}. */
  public void serveWebhooks(WebhookStatus status) {
    webhookHandlers.attach(Objects.requireNonNull(status, "status"));
  }

  /**
   * Starts answering the query API from the stores of the streams role (until then, queries get a
   * 503 with {@code Retry-After}).
   *
   * @param rollupRetention how long rollups stay in the stores: older {@code from} are clamped
   * @param anomalyRetention how long anomalies stay in the stores
   */
  public void serveQueries(
      StoreQueries queries, Duration rollupRetention, Duration anomalyRetention) {
    queryHandlers.attach(
        Objects.requireNonNull(queries, "queries"), rollupRetention, anomalyRetention);
  }

  /**
   * Starts answering the operator API ({@code /api/v1/ops/**}).
   *
   * @param instances the instances and topology; {@code null} on an instance without the streams
   *     role (those endpoints then answer 503)
   * @param deadLetters browsing and replaying dead letters
   * @param peerTimeout how long to wait for another instance's answer
   * @param peerCalls the credentials and trace context of calls to other instances
   */
  public void serveOps(
      InstanceView instances,
      DeadLetterOperations deadLetters,
      Duration peerTimeout,
      PeerCalls peerCalls) {
    PeerClient peers =
        new PeerClient(
            Objects.requireNonNull(peerTimeout, "peerTimeout"),
            Objects.requireNonNull(peerCalls, "peerCalls"));
    PeerClient previous = opsPeers.getAndSet(peers);
    if (previous != null) {
      previous.close();
    }
    opsHandlers.attach(instances, Objects.requireNonNull(deadLetters, "deadLetters"), peers);
  }

  /**
   * Adds a dependency to {@code /health/ready}, for a role that starts after the server (the
   * streams need the server's port for {@code application.server}).
   */
  public void addReadinessCheck(HealthCheck check) {
    readinessChecks.add(Objects.requireNonNull(check, "check"));
  }

  /**
   * Adds a part of the process to {@code /health/live}: one that is down means the process is
   * broken and should be restarted (a dependency that is away, or a rebalance, is not that).
   */
  public void addLivenessCheck(HealthCheck check) {
    livenessChecks.add(Objects.requireNonNull(check, "check"));
  }

  /**
   * Starts the API.
   *
   * @param http where to listen and the request limits
   * @param kafka the broker settings; {@code kafka.bootstrap()} must be set
   * @param topics the topic registry
   * @param extraChecks further readiness checks of other roles
   */
  public static HttpServer start(
      HttpSettings http, KafkaSettings kafka, Topics topics, List<HealthCheck> extraChecks) {
    return start(http, kafka, topics, extraChecks, ServerOptions.defaults());
  }

  /**
   * Starts the API, secured and observed as {@code options} say: in {@code jwt} mode every request
   * but health, metrics (unless protected) and the dashboard needs a token with the route's scope.
   */
  public static HttpServer start(
      HttpSettings http,
      KafkaSettings kafka,
      Topics topics,
      List<HealthCheck> extraChecks,
      ServerOptions options) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    String bootstrap =
        kafka
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    Clock clock = Clock.systemUTC();
    Topic<String, dev.cornjacket.topology.RawEnvelope> raw = topics.raw();

    RawEventPublisher publisher =
        new RawEventPublisher(
            bootstrap, kafka, raw.name(), options.meters(), options.openTelemetry());
    KafkaHealthCheck kafkaHealth =
        new KafkaHealthCheck(bootstrap, topics.all().stream().map(Topic::name).toList(), clock);
    List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    checks.add(kafkaHealth);
    checks.addAll(extraChecks);
    List<HealthCheck> liveness = new CopyOnWriteArrayList<>();

    ValidationLimits limits = ValidationLimits.DEFAULTS.withMaxAge(kafka.retention());
    IngestService ingest = new IngestService(new EventValidator(limits, clock), publisher, clock);
    IngestHandler ingestHandler =
        new IngestHandler(
            ingest, http.maxBodyBytes(), http.maxBatchItems(), options.openTelemetry());
    AuthFilter auth =
        options.auth().mode() == AuthSettings.Mode.JWT ? new AuthFilter(options.auth()) : null;
    HttpMetrics httpMetrics = new HttpMetrics(options.meters());

    QueryHandlers queries = new QueryHandlers(clock);
    HistoryHandlers history = new HistoryHandlers(clock);
    OpsHandlers ops = new OpsHandlers();
    WebhookHandlers webhooks = new WebhookHandlers();

    Javalin javalin =
        Javalin.create(
            config -> {
              config.jetty.host = http.host();
              config.jetty.port = http.port();
              config.http.maxRequestSize = http.maxBodyBytes();
              config.http.prefer405over404 = true;
              // A bounded pool of platform threads, not virtual threads: each request may hold up
              // to the body limit in memory while it waits for the broker, so concurrency must be
              // bounded; measured throughput is the same and p99 latency is lower.
              config.concurrency.useVirtualThreads = false;
              SlowClientLimits.apply(config.jetty);
              config.startup.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(EventJson.mapper().copy(), true));
              config.requestLogger.http(httpMetrics);
              if (auth != null) {
                config.routes.before(auth);
              }
              options
                  .prometheus()
                  .ifPresent(
                      prometheus ->
                          config.routes.get(
                              "/metrics",
                              ctx ->
                                  ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                                      .result(prometheus.scrape())));
              config.routes.post("/api/v1/events", ingestHandler);
              config.routes.get("/api/v1/devices", queries::devices);
              config.routes.get("/api/v1/devices/{id}", queries::device);
              config.routes.get("/api/v1/devices/{id}/rollups", queries::rollups);
              config.routes.get("/api/v1/devices/{id}/anomalies", queries::deviceAnomalies);
              config.routes.get("/api/v1/anomalies", queries::anomalies);
              config.routes.get("/api/v1/events/{eventId}", history::event);
              config.routes.get("/api/v1/devices/{id}/events", history::deviceEvents);
              config.routes.get("/api/v1/ops/instances", ops::instances);
              config.routes.get("/api/v1/ops/instances/self", ops::self);
              config.routes.get("/api/v1/ops/topology", ops::topology);
              config.routes.get("/api/v1/ops/dlq", ops::browseDeadLetters);
              config.routes.post("/api/v1/ops/dlq/replay", ops::replayDeadLetters);
              // the dashboard: plain HTML, CSS and JavaScript from the jar
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = "/";
                    files.directory = "/dashboard";
                    files.location = Location.CLASSPATH;
                  });
              config.routes.get("/api/v1/ops/webhooks", webhooks::list);
              config.routes.get("/health/live", ctx -> ready(ctx, liveness));
              config.routes.get("/health/ready", ctx -> ready(ctx, checks));
              config.routes.exception(ApiException.class, HttpServer::renderApiError);
              config.routes.exception(HttpResponseException.class, HttpServer::renderJavalinError);
              config.routes.exception(Exception.class, HttpServer::renderUnexpected);
              config.routes.error(
                  404,
                  "*",
                  ctx ->
                      renderStatus(
                          ctx,
                          "not_found",
                          "no such endpoint: " + ctx.method() + " " + ctx.path()));
              config.routes.error(
                  405,
                  "*",
                  ctx ->
                      renderStatus(
                          ctx,
                          "method_not_allowed",
                          ctx.method() + " is not allowed on " + ctx.path()));
            });
    try {
      javalin.start();
    } catch (RuntimeException e) {
      publisher.close();
      kafkaHealth.close();
      throw new IllegalStateException(
          "HTTP server failed to start on "
              + http.host()
              + ":"
              + http.port()
              + ": "
              + e.getMessage(),
          e);
    }
    return new HttpServer(
        javalin, publisher, kafkaHealth, checks, liveness, queries, history, ops, webhooks);
  }

  /** The port the server listens on (useful when configured with 0). */
  public int port() {
    return javalin.port();
  }

  private static void ready(Context ctx, List<HealthCheck> checks) {
    Map<String, Object> body = new LinkedHashMap<>();
    Map<String, Object> dependencies = new LinkedHashMap<>();
    boolean allUp = true;
    for (HealthCheck check : checks) {
      Health health = check.check();
      allUp &= health.up();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("status", health.status());
      entry.putAll(health.details());
      dependencies.put(check.name(), entry);
    }
    body.put("status", allUp ? "UP" : "DOWN");
    body.put("checks", dependencies);
    ctx.status(allUp ? 200 : 503).json(body);
  }

  private static void renderApiError(ApiException e, Context ctx) {
    e.headers().forEach(ctx::header);
    ctx.attribute(ERROR_RENDERED, true);
    ctx.status(e.status()).json(e.body());
  }

  private static void renderJavalinError(HttpResponseException e, Context ctx) {
    String code = e.getStatus() == 413 ? "body_too_large" : "http_" + e.getStatus();
    ctx.status(e.getStatus()).json(new ApiException.ErrorBody(code, e.getMessage(), List.of()));
  }

  private static void renderUnexpected(Exception e, Context ctx) {
    log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
    ctx.status(500)
        .json(
            new ApiException.ErrorBody(
                "internal_error", "unexpected server error; see the server log", List.of()));
  }

  /** Javalin's status handlers also run after an exception handler set that status: skip them. */
  private static void renderStatus(Context ctx, String code, String message) {
    if (ctx.attribute(ERROR_RENDERED) == null) {
      ctx.json(new ApiException.ErrorBody(code, message, List.of()));
    }
  }

  /** Stops accepting requests, then flushes and closes the producer. */
  @Override
  public void close() {
    try {
      javalin.stop();
    } finally {
      try {
        publisher.close();
      } finally {
        kafkaHealth.close();
        PeerClient peers = opsPeers.getAndSet(null);
        if (peers != null) {
          peers.close();
        }
      }
    }
  }
}
