package dev.cornjacket.config;

import java.util.List;

/**
 * The HTTP API.
 *
 * @param host address to bind
 * @param port port to bind (0 picks a free one)
 * @param maxBodyBytes largest accepted request body; larger gets 413 without being read
 * @param maxBatchItems most events in one request; more gets 413
 */
public record HttpSettings(String host, int port, long maxBodyBytes, int maxBatchItems) {

  public static final Setting<String> HOST =
      Setting.of("CORNJACKET_HTTP_HOST", ValueType.string(), "0.0.0.0", "Address the API binds");
  public static final Setting<Integer> PORT =
      Setting.of(
          "CORNJACKET_HTTP_PORT", ValueType.port(), "8080", "Port of the API (0 = any free port)");
  public static final Setting<Long> MAX_BODY =
      Setting.of(
          "CORNJACKET_HTTP_MAX_BODY",
          ValueType.byteSize(),
          "4MiB",
          "Largest request body; larger gets 413");
  public static final Setting<Integer> MAX_ITEMS =
      Setting.of(
          "CORNJACKET_HTTP_MAX_ITEMS",
          ValueType.intRange(1, 1_000_000),
          "10000",
          "Most events in one request; more gets 413");

  static final List<Setting<?>> SETTINGS = List.of(HOST, PORT, MAX_BODY, MAX_ITEMS);

  static HttpSettings read(SettingsReader r) {
    Long maxBody = r.get(MAX_BODY);
    Integer port = r.get(PORT);
    Integer maxItems = r.get(MAX_ITEMS);
    return new HttpSettings(
        r.get(HOST),
        port == null ? 0 : port,
        maxBody == null ? 0 : maxBody,
        maxItems == null ? 0 : maxItems);
  }
}
