package dev.cornjacket.http.internal;

import dev.cornjacket.http.query.FanOutResult;
import dev.cornjacket.http.query.QueryJson;
import dev.cornjacket.http.query.QueryResult;
import dev.cornjacket.http.query.Served;
import dev.cornjacket.http.query.StoreQueries;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.Rollup;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The query endpoints: parse and check the parameters, call {@link StoreQueries}, map its result to
 * a status. Until the streams role has attached its queries (or on an instance without that role)
 * every query is a 503 with {@code Retry-After}.
 */
public final class QueryHandlers {

  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;
  private static final Duration DEFAULT_RANGE = Duration.ofHours(1);
  private static final Duration RETENTION_MARGIN = Duration.ofMinutes(5);

  private final AtomicReference<StoreQueries> queries = new AtomicReference<>();
  private final Clock clock;
  private volatile Duration rollupRetention = Duration.ofHours(24);
  private volatile Duration anomalyRetention = Duration.ofHours(24);

  public QueryHandlers(Clock clock) {
    this.clock = clock;
  }

  /** Starts answering queries from {@code storeQueries}, whose stores keep data this long. */
  public void attach(
      StoreQueries storeQueries, Duration rollupRetention, Duration anomalyRetention) {
    this.rollupRetention = rollupRetention;
    this.anomalyRetention = anomalyRetention;
    queries.set(storeQueries);
  }

  public void device(Context ctx) {
    String id = QueryParams.deviceId(ctx);
    respond(ctx, service().device(id, hop(ctx), pathAndQuery(ctx)), device -> device, id);
  }

  public void rollups(Context ctx) {
    String id = QueryParams.deviceId(ctx);
    Optional<String> metric = Optional.ofNullable(ctx.queryParam("metric"));
    Range range = range(ctx, "from", "to", rollupRetention);
    QueryResult<List<Rollup>> result =
        service().rollups(id, metric, range.from, range.to, hop(ctx), pathAndQuery(ctx));
    respond(
        ctx,
        result,
        rollups -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("device_id", id);
          metric.ifPresent(m -> body.put("metric", m));
          range.describe(body);
          body.put("rollups", rollups);
          return body;
        },
        id);
  }

  public void deviceAnomalies(Context ctx) {
    String id = QueryParams.deviceId(ctx);
    Range range = range(ctx, "from", "to", anomalyRetention);
    QueryResult<List<Anomaly>> result =
        service().deviceAnomalies(id, range.from, range.to, hop(ctx), pathAndQuery(ctx));
    respond(
        ctx,
        result,
        anomalies -> {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("device_id", id);
          range.describe(body);
          body.put("anomalies", anomalies);
          return body;
        },
        id);
  }

  public void devices(Context ctx) {
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    Optional<String> after = Optional.ofNullable(ctx.queryParam("after"));
    after.ifPresent(a -> QueryParams.checkDeviceId("after", a));
    FanOutResult<DeviceLatest> result =
        service().devices(limit, after, hop(ctx), pathAndQuery(ctx));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("devices", result.items());
    body.put(
        "next_after", result.items().size() == limit ? result.items().getLast().deviceId() : null);
    fanOutFields(body, result);
    json(ctx, body);
  }

  public void anomalies(Context ctx) {
    int limit = QueryParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant since = QueryParams.instant(ctx, "since").orElse(now.minus(DEFAULT_RANGE));
    Map<String, Object> body = new LinkedHashMap<>();
    Instant oldest = oldestKept(now, anomalyRetention);
    if (since.isBefore(oldest)) {
      body.put("clamped", "'since' was before the " + human(anomalyRetention) + " retention");
      since = oldest;
    }
    FanOutResult<Anomaly> result =
        service().anomaliesSince(since, now, limit, hop(ctx), pathAndQuery(ctx));
    body.put("since", since);
    body.put("anomalies", result.items());
    fanOutFields(body, result);
    json(ctx, body);
  }

  // ---- results to responses -----------------------------------------------------------------

  private <T> void respond(
      Context ctx, QueryResult<T> result, Function<T, Object> body, String deviceId) {
    switch (result) {
      case QueryResult.Found<T> found -> {
        served(ctx, found.served());
        json(ctx, body.apply(found.value()));
      }
      case QueryResult.FoundRemotely<T> remote -> {
        remote.headers().forEach(ctx::header);
        ctx.contentType("application/json").result(remote.body());
      }
      case QueryResult.NotFound<T> ignored ->
          throw new ApiException(
              404,
              "device_not_found",
              "device '"
                  + deviceId
                  + "' has no state: it is unknown or sent nothing within the retention");
      case QueryResult.NotReady<T> notReady ->
          throw new ApiException(
              503,
              notReady.reason(),
              notReady.message(),
              List.of(),
              Map.of("Retry-After", Long.toString(notReady.retryAfter().toSeconds())));
    }
  }

  private static void served(Context ctx, Served served) {
    ctx.header(Served.HEADER_BY, served.by());
    ctx.header(Served.HEADER_FROM, served.from());
    ctx.header(Served.HEADER_LAG, Long.toString(served.lagRecords()));
  }

  private void fanOutFields(Map<String, Object> body, FanOutResult<?> result) {
    body.put("partial", result.partial());
    body.put("instances", result.answered());
    body.put("missing_instances", result.missing());
    body.put("partitions", result.partitions());
    body.put("missing_partitions", result.missingPartitions());
  }

  private static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(QueryJson.write(body));
  }

  // ---- parameters ---------------------------------------------------------------------------

  private StoreQueries service() {
    StoreQueries service = queries.get();
    if (service == null) {
      throw new ApiException(
          503,
          "queries_unavailable",
          "this instance does not serve queries yet (the streams role is starting or not"
              + " configured here)",
          List.of(),
          Map.of("Retry-After", "1"));
    }
    return service;
  }

  private static StoreQueries.Hop hop(Context ctx) {
    return StoreQueries.Hop.fromHeader(ctx.header("X-Cornjacket-Hop"));
  }

  private static String pathAndQuery(Context ctx) {
    String query = ctx.queryString();
    return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
  }

  private Range range(Context ctx, String fromName, String toName, Duration retention) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant to = QueryParams.instant(ctx, toName).orElse(now);
    Instant from = QueryParams.instant(ctx, fromName).orElse(to.minus(DEFAULT_RANGE));
    if (from.isAfter(to)) {
      throw QueryParams.bad(fromName, "must not be after '" + toName + "'");
    }
    Instant oldest = oldestKept(now, retention);
    boolean clamped = from.isBefore(oldest);
    return new Range(clamped ? oldest : from, to, clamped ? retention : null, fromName);
  }

  /**
   * The oldest time a window store still answers for. A fetch that starts at or before the store's
   * own retention boundary (stream time minus retention) was seen to come back empty rather than
   * cut off, so a range is clamped a little inside it.
   */
  private static Instant oldestKept(Instant now, Duration retention) {
    return now.minus(retention).plus(RETENTION_MARGIN);
  }

  /** {@code 24h}, {@code 90m}, {@code 30s}: how the settings spell durations. */
  private static String human(Duration duration) {
    if (duration.toSecondsPart() == 0 && duration.toMinutesPart() == 0) {
      return duration.toHours() + "h";
    }
    return duration.toSecondsPart() == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
  }

  /** A checked time range; {@code clampedTo} is the retention when {@code from} was moved up. */
  private record Range(Instant from, Instant to, Duration clampedTo, String fromName) {
    void describe(Map<String, Object> body) {
      body.put("from", from);
      body.put("to", to);
      if (clampedTo != null) {
        body.put(
            "clamped",
            "'"
                + fromName
                + "' was before the "
                + human(clampedTo)
                + " retention and was moved up");
      }
    }
  }
}
