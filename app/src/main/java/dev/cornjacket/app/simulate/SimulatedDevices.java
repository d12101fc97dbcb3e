package dev.cornjacket.app.simulate;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic device events from a fixed seed, so that runs compare: each device has four metrics
 * (temperature, humidity, pressure, battery) following a daily cycle with its own phase, plus
 * noise. At the given rates an event carries an injected anomaly (a spike of one reading, or a
 * level shift that lasts {@value #SHIFT_READINGS} readings), repeats an earlier event of its device
 * (same {@code event_id}, same bytes: a duplicate the topology must drop), or is invalid (a bad
 * type, a metric that is not a number, or a {@code ts} days ahead).
 *
 * <p>Not thread-safe: one generator per sending thread, or calls under a lock.
 */
public final class SimulatedDevices {

  /** What an event is meant to be, so that a run can count what should come out. */
  public enum Kind {
    NORMAL,
    ANOMALY,
    DUPLICATE,
    INVALID
  }

  /** One generated event: its device, id, JSON bytes and what it was meant to be. */
  public record Generated(String deviceId, String eventId, byte[] json, Kind kind, long tsMillis) {}

  /** Rates (0 to 1) of the injected kinds. */
  public record Rates(double anomalies, double duplicates, double invalid) {
    public Rates {
      check("anomalies", anomalies);
      check("duplicates", duplicates);
      check("invalid", invalid);
      if (anomalies + duplicates + invalid > 1) {
        throw new IllegalArgumentException(
            "anomalies + duplicates + invalid must be at most 1, got "
                + (anomalies + duplicates + invalid));
      }
    }

    public static final Rates NONE = new Rates(0, 0, 0);

    private static void check(String name, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
      }
    }
  }

  static final int SHIFT_READINGS = 50;
  private static final long DAY_MILLIS = 86_400_000L;
  private static final String[] METRICS = {"temperature", "humidity", "pressure", "battery"};

  private final SplittableRandom random;
  private final Rates rates;
  private final String runId;
  private final Device[] devices;
  private long sequence;

  private static final class Device {
    final String id;
    final double phase;
    final double[] base;
    final double[] amplitude;
    final double[] noise;
    double shift;
    int shiftLeft;
    int shiftMetric;
    byte[] lastJson;
    String lastId;
    long lastTs;

    Device(String id, SplittableRandom random) {
      this.id = id;
      this.phase = random.nextDouble() * 2 * Math.PI;
      this.base =
          new double[] {
            18 + random.nextDouble() * 6,
            40 + random.nextDouble() * 20,
            1000 + random.nextDouble() * 20,
            0.6 + random.nextDouble() * 0.4
          };
      this.amplitude = new double[] {3, -8, 1.5, 0.01};
      this.noise = new double[] {0.2, 0.8, 0.3, 0.002};
    }
  }

  /**
   * @param devices how many devices (ids {@code sim-00000} ...)
   * @param rates rates of anomalies, duplicates and invalid events
   * @param seed the random seed; the same seed gives the same values
   */
  public SimulatedDevices(int devices, Rates rates, long seed) {
    if (devices < 1) {
      throw new IllegalArgumentException("devices must be at least 1, got " + devices);
    }
    this.rates = java.util.Objects.requireNonNull(rates, "rates");
    this.random = new SplittableRandom(seed);
    this.runId = Long.toString(seed, 36) + "-" + Long.toString(System.nanoTime() & 0xffffffL, 36);
    this.devices = new Device[devices];
    for (int i = 0; i < devices; i++) {
      this.devices[i] = new Device(String.format(Locale.ROOT, "sim-%05d", i), random);
    }
  }

  public int deviceCount() {
    return devices.length;
  }

  /** The id of device {@code index}. */
  public String deviceId(int index) {
    return devices[index].id;
  }

  /** The next event of a device chosen round-robin, stamped {@code nowMillis}. */
  public Generated next(long nowMillis) {
    Device device = devices[(int) (sequence % devices.length)];
    sequence++;
    double roll = random.nextDouble();
    if (roll < rates.duplicates() && device.lastJson != null) {
      return new Generated(
          device.id, device.lastId, device.lastJson, Kind.DUPLICATE, device.lastTs);
    }
    roll -= rates.duplicates();
    if (roll >= 0 && roll < rates.invalid()) {
      return invalid(device, nowMillis);
    }
    roll -= rates.invalid();
    boolean anomaly = roll >= 0 && roll < rates.anomalies();
    String eventId = runId + "-" + sequence;
    StringBuilder json = new StringBuilder(320);
    json.append("{\"event_id\":\"")
        .append(eventId)
        .append("\",\"device_id\":\"")
        .append(device.id)
        .append("\",\"type\":\"sensor\",\"ts\":")
        .append(nowMillis)
        .append(",\"metrics\":{");
    int spikeMetric = anomaly ? random.nextInt(METRICS.length) : -1;
    if (anomaly && random.nextBoolean()) {
      device.shiftMetric = spikeMetric;
      device.shift = 8 * device.noise[spikeMetric] + Math.abs(device.amplitude[spikeMetric]);
      device.shiftLeft = SHIFT_READINGS;
      spikeMetric = -1;
    }
    double day = 2 * Math.PI * (nowMillis % DAY_MILLIS) / DAY_MILLIS;
    for (int m = 0; m < METRICS.length; m++) {
      double value =
          device.base[m]
              + device.amplitude[m] * Math.sin(day + device.phase)
              + device.noise[m] * random.nextGaussian();
      if (m == spikeMetric) {
        value += 20 * device.noise[m] + 3 * Math.abs(device.amplitude[m]);
      }
      if (device.shiftLeft > 0 && m == device.shiftMetric) {
        value += device.shift;
      }
      if (m > 0) {
        json.append(',');
      }
      json.append('"').append(METRICS[m]).append("\":");
      json.append(String.format(Locale.ROOT, m == 3 ? "%.4f" : "%.2f", value));
    }
    if (device.shiftLeft > 0) {
      device.shiftLeft--;
    }
    json.append("},\"attrs\":{\"firmware\":\"1.4.")
        .append(device.id.hashCode() & 7)
        .append("\",\"site\":\"plant-")
        .append((device.id.hashCode() >>> 4) % 5)
        .append("\"}}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    device.lastJson = bytes;
    device.lastId = eventId;
    device.lastTs = nowMillis;
    return new Generated(
        device.id, eventId, bytes, anomaly ? Kind.ANOMALY : Kind.NORMAL, nowMillis);
  }

  private Generated invalid(Device device, long nowMillis) {
    String eventId = runId + "-" + sequence;
    String json =
        switch (random.nextInt(3)) {
          case 0 ->
              "{\"event_id\":\"%s\",\"device_id\":\"%s\",\"type\":\"sensr\",\"ts\":%d,\"metrics\":{\"temperature\":20.0}}"
                  .formatted(eventId, device.id, nowMillis);
          case 1 ->
              "{\"event_id\":\"%s\",\"device_id\":\"%s\",\"type\":\"sensor\",\"ts\":%d,\"metrics\":{\"temperature\":\"warm\"}}"
                  .formatted(eventId, device.id, nowMillis);
          default ->
              "{\"event_id\":\"%s\",\"device_id\":\"%s\",\"type\":\"sensor\",\"ts\":%d,\"metrics\":{\"temperature\":20.0}}"
                  .formatted(eventId, device.id, nowMillis + 3 * DAY_MILLIS);
        };
    return new Generated(
        device.id, eventId, json.getBytes(StandardCharsets.UTF_8), Kind.INVALID, nowMillis);
  }
}
