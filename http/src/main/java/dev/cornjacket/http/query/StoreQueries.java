package dev.cornjacket.http.query;

import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.Rollup;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interactive queries on the projection stores of the streams role, answered by whichever instance
 * owns the key.
 *
 * <p>A keyed query (one device) looks up the key's owner with {@code queryMetadataForKey}. This
 * instance reads its own store when it is the active owner; otherwise it calls the owner's API (a
 * proxy, not a redirect). When the owner does not answer in time, or its store is restoring, a
 * standby replica answers if its lag is within {@code standbyMaxLag} records (KIP-535), and says so
 * in {@link Served}. When nobody can answer, the result is {@link QueryResult.NotReady}: the caller
 * gets a 503 with {@code Retry-After}, never a spin or a stack trace.
 *
 * <p>A listing (all devices, all anomalies) asks every instance for what its active stores hold, in
 * parallel, each bounded by the query timeout, merges the answers and reports the instances that
 * did not answer instead of failing whole.
 *
 * <p>Every store iterator is closed with try-with-resources.
 */
public final class StoreQueries implements AutoCloseable {

  /** How a request reached this instance; sent by the calling instance in a header. */
  public enum Hop {
    /** From a client: route it to the owner, fall back to standbys. */
    CLIENT,
    /** From another instance that believes this one is the active owner: read, never forward. */
    ACTIVE,
    /** From another instance asking this one's standby replica: read if the lag is in bound. */
    STANDBY,
    /** A listing from another instance: answer from this instance's active stores only. */
    LOCAL;

    /** The hop named by the header value, {@link #CLIENT} when absent or unknown. */
    public static Hop fromHeader(String value) {
      if (value == null) {
        return CLIENT;
      }
      for (Hop hop : values()) {
        if (hop.name().equalsIgnoreCase(value)) {
          return hop;
        }
      }
      return CLIENT;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(StoreQueries.class);
  private static final Serializer<String> KEYS = Serdes.String().serializer();
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final KafkaStreams streams;
  private final String self;
  private final PeerClient peers;
  private final long standbyMaxLag;
  private final int partitions;

  /**
   * @param streams the running (or starting) Kafka Streams of this instance
   * @param self this instance's {@code application.server}, host:port of its HTTP API
   * @param timeout how long to wait for another instance
   * @param standbyMaxLag how far behind (in records) a standby may be and still answer
   * @param partitions partitions of the input topic: a listing is complete when it covers them all
   */
  public StoreQueries(
      KafkaStreams streams, String self, Duration timeout, long standbyMaxLag, int partitions) {
    this(streams, self, timeout, standbyMaxLag, partitions, PeerCalls.plain());
  }

  /**
   * As above, calling the other instances with {@code peerCalls}' credentials and trace context.
   */
  public StoreQueries(
      KafkaStreams streams,
      String self,
      Duration timeout,
      long standbyMaxLag,
      int partitions,
      PeerCalls peerCalls) {
    this.streams = Objects.requireNonNull(streams, "streams");
    this.self = Objects.requireNonNull(self, "self");
    this.peers =
        new PeerClient(
            Objects.requireNonNull(timeout, "timeout"),
            Objects.requireNonNull(peerCalls, "peerCalls"));
    this.standbyMaxLag = standbyMaxLag;
    this.partitions = partitions;
  }

  /** host:port of this instance, as the other instances know it. */
  public String self() {
    return self;
  }

  /** The latest state of {@code deviceId}. */
  public QueryResult<DeviceLatest> device(String deviceId, Hop hop, String pathAndQuery) {
    return byKey(
        deviceId,
        hop,
        pathAndQuery,
        (partition, stale) -> deviceStore(partition, stale).get(deviceId));
  }

  /**
   * The rollup windows of {@code deviceId} starting in [{@code from}, {@code to}], of one metric or
   * all; {@code NotFound} for a device without state.
   */
  public QueryResult<List<Rollup>> rollups(
      String deviceId,
      Optional<String> metric,
      Instant from,
      Instant to,
      Hop hop,
      String pathAndQuery) {
    return byKey(
        deviceId,
        hop,
        pathAndQuery,
        (partition, stale) -> {
          if (deviceStore(partition, stale).get(deviceId) == null) {
            return null;
          }
          ReadOnlyWindowStore<String, DeviceRollup> store =
              store(
                  CornjacketTopology.ROLLUP_STORE,
                  QueryableStoreTypes.windowStore(),
                  partition,
                  stale);
          // one stored window per device holds all its metrics: answer one per metric, as ever
          List<Rollup> rollups = new ArrayList<>();
          try (WindowStoreIterator<DeviceRollup> windows = store.fetch(deviceId, from, to)) {
            windows.forEachRemaining(
                window ->
                    metric.ifPresentOrElse(
                        m -> window.value.rollup(m).ifPresent(rollups::add),
                        () -> rollups.addAll(window.value.rollups())));
          }
          rollups.sort(Comparator.comparing(Rollup::windowStart).thenComparing(Rollup::metric));
          return rollups;
        });
  }

  /** The anomalies of {@code deviceId} with {@code ts} in [{@code from}, {@code to}]. */
  public QueryResult<List<Anomaly>> deviceAnomalies(
      String deviceId, Instant from, Instant to, Hop hop, String pathAndQuery) {
    return byKey(
        deviceId,
        hop,
        pathAndQuery,
        (partition, stale) -> {
          if (deviceStore(partition, stale).get(deviceId) == null) {
            return null;
          }
          List<Anomaly> anomalies = new ArrayList<>();
          try (WindowStoreIterator<Anomaly> stored =
              anomalyStore(partition, stale).fetch(deviceId, from, to)) {
            stored.forEachRemaining(entry -> anomalies.add(entry.value));
          }
          return anomalies;
        });
  }

  /**
   * Devices in id order after {@code after} (exclusive; empty for the first page), at most {@code
   * limit}, gathered from every instance.
   */
  public FanOutResult<DeviceLatest> devices(
      int limit, Optional<String> after, Hop hop, String pathAndQuery) {
    PartitionRead<DeviceLatest> local =
        partition -> {
          List<DeviceLatest> devices = new ArrayList<>();
          try (KeyValueIterator<String, DeviceLatest> range =
              deviceStore(partition, false)
                  .range(after.map(id -> id + Character.MIN_VALUE).orElse(null), null)) {
            while (range.hasNext() && devices.size() < limit) {
              devices.add(range.next().value);
            }
          }
          return devices;
        };
    return fanOut(
        CornjacketTopology.DEVICE_LATEST_STORE,
        hop,
        pathAndQuery,
        local,
        "devices",
        DeviceLatest.class,
        Comparator.comparing(DeviceLatest::deviceId),
        limit);
  }

  /** Anomalies of all devices with {@code ts} at or after {@code since}, oldest first. */
  public FanOutResult<Anomaly> anomaliesSince(
      Instant since, Instant until, int limit, Hop hop, String pathAndQuery) {
    Comparator<Anomaly> order = Comparator.comparing(Anomaly::ts).thenComparing(Anomaly::anomalyId);
    PartitionRead<Anomaly> local =
        partition -> {
          List<Anomaly> anomalies = new ArrayList<>();
          try (KeyValueIterator<Windowed<String>, Anomaly> all =
              anomalyStore(partition, false).fetchAll(since, until)) {
            all.forEachRemaining(entry -> anomalies.add(entry.value));
          }
          return anomalies;
        };
    return fanOut(
        CornjacketTopology.ANOMALIES_STORE,
        hop,
        pathAndQuery,
        local,
        "anomalies",
        Anomaly.class,
        order,
        limit);
  }

  @Override
  public void close() {
    peers.close();
  }

  // ---- keyed queries ------------------------------------------------------------------------

  /** Reads one partition of a store; returns {@code null} when the key has no state. */
  @FunctionalInterface
  private interface LocalRead<T> {
    T read(int partition, boolean stale);
  }

  private <T> QueryResult<T> byKey(
      String deviceId, Hop hop, String pathAndQuery, LocalRead<T> read) {
    KeyQueryMetadata owner;
    try {
      owner = streams.queryMetadataForKey(CornjacketTopology.DEVICE_LATEST_STORE, deviceId, KEYS);
    } catch (StreamsException | IllegalStateException e) {
      return notReady("streams_not_running", "the streams are not running: " + e.getMessage());
    }
    if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
      return notReady(
          "rebalancing", "the instances are rebalancing; the owner of this device is not known");
    }
    int partition = owner.partition();
    String active = hostPort(owner.activeHost());
    return switch (hop) {
      case ACTIVE ->
          active.equals(self)
              ? readActive(partition, read)
              : notReady("moved", "this instance no longer owns the device");
      case STANDBY -> readReplica(partition, read);
      case CLIENT, LOCAL -> routed(owner, active, partition, pathAndQuery, read);
    };
  }

  private <T> QueryResult<T> routed(
      KeyQueryMetadata owner,
      String active,
      int partition,
      String pathAndQuery,
      LocalRead<T> read) {
    QueryResult<T> fromActive =
        active.equals(self) ? readActive(partition, read) : proxy(active, pathAndQuery, Hop.ACTIVE);
    if (!(fromActive instanceof QueryResult.NotReady<T>)) {
      return fromActive;
    }
    for (HostInfo standby : owner.standbyHosts()) {
      String replica = hostPort(standby);
      QueryResult<T> fromStandby =
          replica.equals(self)
              ? readReplica(partition, read)
              : proxy(replica, pathAndQuery, Hop.STANDBY);
      if (!(fromStandby instanceof QueryResult.NotReady<T>)) {
        return fromStandby;
      }
    }
    return fromActive;
  }

  private <T> QueryResult<T> readActive(int partition, LocalRead<T> read) {
    try {
      T value = read.read(partition, false);
      return value == null
          ? new QueryResult.NotFound<>("no state for this device")
          : new QueryResult.Found<>(value, Served.active(self));
    } catch (InvalidStateStoreException e) {
      return notReady("store_not_ready", "the store is not queryable yet: " + e.getMessage());
    }
  }

  /** Reads this instance's copy of the partition (standby, or an active one still restoring). */
  private <T> QueryResult<T> readReplica(int partition, LocalRead<T> read) {
    LagInfo lag = localLag(partition);
    if (lag == null) {
      return notReady("no_replica", "this instance holds no copy of the device's partition");
    }
    if (lag.offsetLag() > standbyMaxLag) {
      return notReady(
          "replica_behind",
          "the local copy is "
              + lag.offsetLag()
              + " records behind, more than the bound of "
              + standbyMaxLag);
    }
    try {
      T value = read.read(partition, true);
      // A copy that may be behind cannot prove that a device does not exist: it may simply not
      // have restored that record yet. Only the active owner answers "not found".
      return value == null
          ? notReady("replica_incomplete", "the local copy has no state for this device yet")
          : new QueryResult.Found<>(value, new Served(self, Served.STANDBY, lag.offsetLag()));
    } catch (InvalidStateStoreException e) {
      return notReady("store_not_ready", "the local copy is not queryable: " + e.getMessage());
    }
  }

  private LagInfo localLag(int partition) {
    try {
      Map<String, Map<Integer, LagInfo>> lags = streams.allLocalStorePartitionLags();
      return lags.getOrDefault(CornjacketTopology.DEVICE_LATEST_STORE, Map.of()).get(partition);
    } catch (StreamsException | IllegalStateException e) {
      return null;
    }
  }

  private <T> QueryResult<T> proxy(String hostPort, String pathAndQuery, Hop hop) {
    HttpResponse<byte[]> response;
    try {
      response =
          peers
              .get(hostPort, pathAndQuery, hop)
              .get(peers.timeout().toMillis() + 500, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return notReady("interrupted", "interrupted while asking " + hostPort);
    } catch (Exception e) {
      log.debug("Instance {} did not answer {}", hostPort, pathAndQuery, e);
      return notReady("owner_unavailable", "instance " + hostPort + " did not answer in time");
    }
    return switch (response.statusCode()) {
      case 200 -> new QueryResult.FoundRemotely<>(response.body(), servedHeaders(response));
      case 404 ->
          hop == Hop.ACTIVE
              ? new QueryResult.NotFound<>("no state for this device")
              : notReady("replica_incomplete", "the copy on " + hostPort + " has no state yet");
      default ->
          notReady(
              "owner_unavailable", "instance " + hostPort + " answered " + response.statusCode());
    };
  }

  private static Map<String, String> servedHeaders(HttpResponse<?> response) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : List.of(Served.HEADER_BY, Served.HEADER_FROM, Served.HEADER_LAG)) {
      response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
    }
    return headers;
  }

  // ---- fan-out ------------------------------------------------------------------------------

  /** Reads one partition of this instance's active store. */
  @FunctionalInterface
  private interface PartitionRead<T> {
    List<T> read(int partition);
  }

  /** What one instance answered for a listing: items, and the partitions they come from. */
  private record Part<T>(List<T> items, List<Integer> partitions) {}

  private <T> FanOutResult<T> fanOut(
      String storeName,
      Hop hop,
      String pathAndQuery,
      PartitionRead<T> local,
      String field,
      Class<T> type,
      Comparator<T> order,
      int limit) {
    if (hop == Hop.LOCAL) {
      try {
        Part<T> part = readLocalPartitions(local, order, limit);
        return new FanOutResult<>(
            part.items(), List.of(self), List.of(), part.partitions(), List.of());
      } catch (StreamsException | IllegalStateException e) {
        return new FanOutResult<>(List.of(), List.of(), List.of(self), List.of(), List.of());
      }
    }
    Map<String, CompletableFuture<Part<T>>> answers = new LinkedHashMap<>();
    for (String instance : instancesWith(storeName)) {
      answers.put(
          instance,
          instance.equals(self)
              ? CompletableFuture.supplyAsync(() -> readLocalPartitions(local, order, limit))
              : peers
                  .get(instance, pathAndQuery, Hop.LOCAL)
                  .thenApply(response -> parse(instance, response, field, type)));
    }
    List<T> items = new ArrayList<>();
    List<String> answered = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    java.util.TreeSet<Integer> covered = new java.util.TreeSet<>();
    long deadline = System.nanoTime() + peers.timeout().toNanos() + 500_000_000L;
    for (Map.Entry<String, CompletableFuture<Part<T>>> answer : answers.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        Part<T> part = answer.getValue().get(left, TimeUnit.NANOSECONDS);
        if (part.partitions().isEmpty() && !part.items().isEmpty()) {
          throw new IllegalStateException("answer without partitions");
        }
        items.addAll(part.items());
        covered.addAll(part.partitions());
        answered.add(answer.getKey());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        missing.add(answer.getKey());
      } catch (Exception e) {
        log.debug("Instance {} did not answer {}", answer.getKey(), pathAndQuery, e);
        missing.add(answer.getKey());
      }
    }
    List<Integer> uncovered = new ArrayList<>();
    for (int partition = 0; partition < partitions; partition++) {
      if (!covered.contains(partition)) {
        uncovered.add(partition);
      }
    }
    items.sort(order);
    return new FanOutResult<>(
        items.size() > limit ? items.subList(0, limit) : items,
        answered,
        missing,
        List.copyOf(covered),
        uncovered);
  }

  /**
   * Reads each partition this instance is the active owner of, one by one: a partition whose store
   * is not queryable (restoring, moving) fails the whole answer instead of silently leaving its
   * keys out.
   */
  private <T> Part<T> readLocalPartitions(PartitionRead<T> read, Comparator<T> order, int limit) {
    List<Integer> owned = new ArrayList<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        owned.add(task.taskId().partition());
      }
    }
    owned.sort(Comparator.naturalOrder());
    List<T> items = new ArrayList<>();
    for (int partition : owned) {
      items.addAll(read.read(partition));
    }
    items.sort(order);
    return new Part<>(items.size() > limit ? items.subList(0, limit) : items, owned);
  }

  /** Every instance with active tasks of the store, this one first when it has any. */
  private List<String> instancesWith(String storeName) {
    List<String> instances = new ArrayList<>();
    try {
      for (StreamsMetadata metadata : streams.metadataForAllStreamsClients()) {
        if (metadata.stateStoreNames().contains(storeName)) {
          instances.add(hostPort(metadata.hostInfo()));
        }
      }
    } catch (StreamsException | IllegalStateException e) {
      log.debug("No streams metadata yet", e);
    }
    if (instances.remove(self)) {
      instances.addFirst(self);
    }
    return instances;
  }

  private static <T> Part<T> parse(
      String instance, HttpResponse<byte[]> response, String field, Class<T> type) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(instance + " answered " + response.statusCode());
    }
    try {
      return new Part<>(
          QueryJson.readList(response.body(), field, type),
          QueryJson.readList(response.body(), "partitions", Integer.class));
    } catch (IOException e) {
      throw new IllegalStateException(instance + " sent an unreadable answer: " + e.getMessage());
    }
  }

  // ---- stores -------------------------------------------------------------------------------

  private ReadOnlyKeyValueStore<String, DeviceLatest> deviceStore(int partition, boolean stale) {
    return store(
        CornjacketTopology.DEVICE_LATEST_STORE,
        QueryableStoreTypes.keyValueStore(),
        partition,
        stale);
  }

  private ReadOnlyWindowStore<String, Anomaly> anomalyStore(int partition, boolean stale) {
    return store(
        CornjacketTopology.ANOMALIES_STORE, QueryableStoreTypes.windowStore(), partition, stale);
  }

  private <S> S store(String name, QueryableStoreType<S> type, Integer partition, boolean stale) {
    StoreQueryParameters<S> parameters = StoreQueryParameters.fromNameAndType(name, type);
    if (partition != null) {
      parameters = parameters.withPartition(partition);
    }
    if (stale) {
      parameters = parameters.enableStaleStores();
    }
    return streams.store(parameters);
  }

  private static String hostPort(HostInfo host) {
    return host.host() + ":" + host.port();
  }

  private static <T> QueryResult<T> notReady(String reason, String message) {
    return new QueryResult.NotReady<>(reason, message, RETRY_AFTER);
  }
}
