package dev.cornjacket.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.http.ops.DeadLetterOperations;
import dev.cornjacket.http.ops.InstanceView;
import dev.cornjacket.http.ops.TopologyGraph;
import dev.cornjacket.http.query.PeerClient;
import dev.cornjacket.http.query.QueryJson;
import dev.cornjacket.http.query.StoreQueries;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator API: instances, topology, dead letters. Until the application has attached what it
 * serves (or on an instance without the streams role) these answer 503 with {@code Retry-After}.
 *
 * <p>{@code GET /api/v1/ops/instances} asks every other instance for {@code
 * /api/v1/ops/instances/self} in parallel, each bounded by the peer timeout, and marks the ones
 * that did not answer ({@code "reachable": false}) instead of failing.
 */
public final class OpsHandlers {

  private static final Logger log = LoggerFactory.getLogger(OpsHandlers.class);
  private static final String SELF_PATH = "/api/v1/ops/instances/self";
  private static final int DEFAULT_DLQ_LIMIT = 100;
  private static final Pattern DLQ_ID = Pattern.compile("\\d{1,9}:\\d{1,19}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Set<String> REPLAY_FIELDS =
      Set.of("stage", "reason", "ids", "dry_run", "limit");

  private final AtomicReference<InstanceView> instances = new AtomicReference<>();
  private final AtomicReference<DeadLetterOperations> deadLetters = new AtomicReference<>();
  private final AtomicReference<PeerClient> peers = new AtomicReference<>();

  public void attach(InstanceView view, DeadLetterOperations operations, PeerClient peerClient) {
    peers.set(peerClient);
    deadLetters.set(operations);
    instances.set(view);
  }

  public void instances(Context ctx) {
    InstanceView view = view();
    PeerClient client = peers.get();
    Map<String, InstanceView.StreamsClient> clients = new LinkedHashMap<>();
    clients.put(view.self(), new InstanceView.StreamsClient(view.self(), Map.of(), Map.of()));
    view.clients().forEach(c -> clients.put(c.host(), c));
    Map<String, CompletableFuture<JsonNode>> answers = new LinkedHashMap<>();
    for (String host : clients.keySet()) {
      answers.put(
          host,
          host.equals(view.self())
              ? CompletableFuture.completedFuture(QueryJson.mapper().valueToTree(view.details()))
              : client
                  .get(host, SELF_PATH, StoreQueries.Hop.LOCAL)
                  .thenApply(response -> details(host, response)));
    }
    ObjectNode body = QueryJson.mapper().createObjectNode();
    body.put("self", view.self());
    ArrayNode list = body.putArray("instances");
    boolean partial = false;
    long deadline = System.nanoTime() + client.timeout().toNanos() + 500_000_000L;
    for (Map.Entry<String, CompletableFuture<JsonNode>> answer : answers.entrySet()) {
      InstanceView.StreamsClient metadata = clients.get(answer.getKey());
      ObjectNode entry = list.addObject();
      entry.put("host", answer.getKey());
      entry.put("self", answer.getKey().equals(view.self()));
      entry.set("active_partitions", QueryJson.mapper().valueToTree(metadata.activePartitions()));
      entry.set("standby_partitions", QueryJson.mapper().valueToTree(metadata.standbyPartitions()));
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        JsonNode details = answer.getValue().get(left, TimeUnit.NANOSECONDS);
        entry.put("reachable", true);
        Iterator<Map.Entry<String, JsonNode>> fields = details.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          if (!entry.has(field.getKey())) {
            entry.set(field.getKey(), field.getValue());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        partial = unreachable(entry, "interrupted");
      } catch (Exception e) {
        log.debug("Instance {} did not answer {}", answer.getKey(), SELF_PATH, e);
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        partial =
            unreachable(
                entry,
                cause instanceof java.util.concurrent.TimeoutException
                        || e instanceof java.util.concurrent.TimeoutException
                    ? "did not answer in time"
                    : String.valueOf(cause.getMessage()));
      }
    }
    body.put("partial", partial);
    json(ctx, body);
  }

  private static boolean unreachable(ObjectNode entry, String why) {
    entry.put("reachable", false);
    entry.put("error", why);
    return true;
  }

  private static JsonNode details(String host, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(host + " answered " + response.statusCode());
    }
    try {
      return QueryJson.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(host + " sent an unreadable answer: " + e.getMessage());
    }
  }

  public void self(Context ctx) {
    json(ctx, view().details());
  }

  public void topology(Context ctx) {
    var description = view().topology();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", description.toString());
    body.put("graph", TopologyGraph.of(description));
    json(ctx, body);
  }

  public void browseDeadLetters(Context ctx) {
    Optional<String> stage = code(ctx.queryParam("stage"), "stage");
    Optional<String> reason = code(ctx.queryParam("reason"), "reason");
    int limit = QueryParams.limit(ctx, DEFAULT_DLQ_LIMIT, DeadLetterOperations.MAX_LIMIT);
    DeadLetterOperations.Selection selection =
        new DeadLetterOperations.Selection(stage, reason, Set.of(), limit, false);
    json(ctx, call(() -> deadLetters().browse(selection)));
  }

  public void replayDeadLetters(Context ctx) {
    JsonNode body;
    try {
      body = QueryJson.mapper().readTree(ctx.bodyAsBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw invalidBody("body", "is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalidBody("body", "cannot be read: " + e.getMessage());
    }
    if (body == null || !body.isObject()) {
      throw invalidBody("body", "must be a JSON object with stage, reason, ids, dry_run, limit");
    }
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!REPLAY_FIELDS.contains(name)) {
                throw invalidBody(name, "is not a field of a replay request " + REPLAY_FIELDS);
              }
            });
    Optional<String> stage = code(text(body, "stage"), "stage");
    Optional<String> reason = code(text(body, "reason"), "reason");
    Set<String> ids = ids(body.get("ids"));
    boolean dryRun = bool(body, "dry_run");
    int limit = limit(body.get("limit"));
    if (stage.isEmpty() && reason.isEmpty() && ids.isEmpty()) {
      throw invalidBody(
          "body", "must select dead letters by stage, reason or ids (a replay of all is refused)");
    }
    DeadLetterOperations.Selection selection =
        new DeadLetterOperations.Selection(stage, reason, ids, limit, dryRun);
    json(ctx, call(() -> deadLetters().replay(selection)));
  }

  // ---- parameters ---------------------------------------------------------------------------

  private static Optional<String> code(String value, String name) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (!CODE.matcher(value).matches()) {
      throw QueryParams.bad(name, "must match " + CODE.pattern());
    }
    return Optional.of(value);
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalidBody(field, "must be a string");
    }
    return node.asText();
  }

  private static boolean bool(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw invalidBody(field, "must be true or false");
    }
    return node.asBoolean();
  }

  private static int limit(JsonNode node) {
    if (node == null || node.isNull()) {
      return DeadLetterOperations.MAX_LIMIT;
    }
    if (!node.isInt() || node.asInt() < 1 || node.asInt() > DeadLetterOperations.MAX_LIMIT) {
      throw invalidBody(
          "limit", "must be a whole number from 1 to " + DeadLetterOperations.MAX_LIMIT);
    }
    return node.asInt();
  }

  private static Set<String> ids(JsonNode node) {
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray() || node.size() > DeadLetterOperations.MAX_LIMIT) {
      throw invalidBody(
          "ids",
          "must be an array of at most "
              + DeadLetterOperations.MAX_LIMIT
              + " 'partition:offset' strings");
    }
    Set<String> ids = new HashSet<>();
    for (JsonNode id : node) {
      if (!id.isTextual() || !DLQ_ID.matcher(id.asText()).matches()) {
        throw invalidBody("ids", "must hold 'partition:offset' strings such as \"0:42\"");
      }
      ids.add(id.asText());
    }
    return ids;
  }

  private static ApiException invalidBody(String field, String problem) {
    return new ApiException(
        400,
        "invalid_request",
        "'" + field + "' " + problem,
        List.of(Map.of("field", field, "message", problem)),
        Map.of());
  }

  // ---- services -----------------------------------------------------------------------------

  private static <T> T call(java.util.function.Supplier<T> operation) {
    try {
      return operation.get();
    } catch (DeadLetterOperations.DeadLettersUnavailableException e) {
      throw new ApiException(
          503,
          "dead_letters_unavailable",
          "dead letters cannot be read or replayed now: " + e.getMessage(),
          List.of(),
          Map.of("Retry-After", "5"));
    }
  }

  private InstanceView view() {
    InstanceView view = instances.get();
    if (view == null) {
      throw unavailable(
          "this instance does not serve the operator API (the streams role is"
              + " starting or not configured here)");
    }
    return view;
  }

  private DeadLetterOperations deadLetters() {
    DeadLetterOperations operations = deadLetters.get();
    if (operations == null) {
      throw unavailable("this instance does not serve dead letters yet");
    }
    return operations;
  }

  private static ApiException unavailable(String message) {
    return new ApiException(503, "ops_unavailable", message, List.of(), Map.of("Retry-After", "1"));
  }

  private static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(QueryJson.write(body));
  }
}
