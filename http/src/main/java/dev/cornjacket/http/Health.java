package dev.cornjacket.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one dependency.
 *
 * @param up whether the dependency is usable
 * @param details what an operator needs to see (addresses, missing topics, the error)
 */
public record Health(boolean up, Map<String, Object> details) {

  public Health {
    Objects.requireNonNull(details, "details");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public static Health up(Map<String, Object> details) {
    return new Health(true, details);
  }

  public static Health down(String reason) {
    return new Health(false, Map.of("error", reason));
  }

  public String status() {
    return up ? "UP" : "DOWN";
  }
}
