package dev.cornjacket.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of the three parties of the end-to-end benchmark: the instance's JVM, this JVM (the
 * broker and the load generator) and the embedded PostgreSQL (its postmaster and every backend).
 * Rates on two shared cores move with whatever else runs; CPU per event moves much less, so it is
 * what tells two runs apart.
 */
final class CpuMeter {

  /** CPU seconds of each party at one moment. */
  record Reading(double instance, double brokerAndClients, double postgres) {}

  private final long instancePid;
  private final Path postgresDataDir;

  CpuMeter(long instancePid, Path postgresDataDir) {
    this.instancePid = instancePid;
    this.postgresDataDir = postgresDataDir;
  }

  Reading read() {
    return new Reading(
        seconds(ProcessHandle.of(instancePid)),
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime()
            / 1e9,
        postgresSeconds());
  }

  /**
   * CPU microseconds per event of each party and in all between {@code before} and {@code after},
   * and the cores each kept busy over {@code seconds}.
   */
  static Map<String, Object> perEvent(Reading before, Reading after, long events, double seconds) {
    Map<String, Object> figures = new LinkedHashMap<>();
    double instance = after.instance() - before.instance();
    double broker = after.brokerAndClients() - before.brokerAndClients();
    double postgres = after.postgres() - before.postgres();
    put(figures, "instance", instance, events, seconds);
    put(figures, "broker_and_clients", broker, events, seconds);
    put(figures, "postgres", postgres, events, seconds);
    put(figures, "all", instance + broker + postgres, events, seconds);
    return figures;
  }

  /** One line: "CPU per event: instance 1 us, broker and clients 2 us, ...". */
  @SuppressWarnings("unchecked")
  static String describe(Map<String, Object> perEvent) {
    StringBuilder line = new StringBuilder("CPU per event:");
    for (String party : new String[] {"instance", "broker_and_clients", "postgres", "all"}) {
      Map<String, Object> f = (Map<String, Object>) perEvent.get(party);
      line.append(
          String.format(
              " %s %.0f µs (%.2f cores)%s",
              party.replace('_', ' '),
              (Double) f.get("micros_per_event"),
              (Double) f.get("cores"),
              party.equals("all") ? "" : ","));
    }
    return line.toString();
  }

  private static void put(
      Map<String, Object> figures, String party, double cpuSeconds, long events, double seconds) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("micros_per_event", events == 0 ? 0.0 : Math.round(cpuSeconds * 1e7 / events) / 10.0);
    f.put("cores", Math.round(cpuSeconds / seconds * 100) / 100.0);
    figures.put(party, f);
  }

  /** The postmaster and its children (the backends) that are alive now. */
  private double postgresSeconds() {
    Optional<ProcessHandle> postmaster = postmaster();
    if (postmaster.isEmpty()) {
      return 0;
    }
    return seconds(postmaster)
        + postmaster.get().descendants().mapToDouble(p -> seconds(Optional.of(p))).sum();
  }

  private Optional<ProcessHandle> postmaster() {
    try (Stream<String> lines = Files.lines(postgresDataDir.resolve("postmaster.pid"))) {
      return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static double seconds(Optional<ProcessHandle> process) {
    return process
        .flatMap(p -> p.info().totalCpuDuration())
        .map(Duration::toNanos)
        .map(n -> n / 1e9)
        .orElse(0.0);
  }
}
