package dev.cornjacket.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  private final AccessPolicy open = new AccessPolicy(false);

  @Test
  void shouldMapRoutesToScopesByMethodAndPrefix() {
    assertThat(open.required("POST", "/api/v1/events")).contains(Scope.INGEST);
    assertThat(open.required("GET", "/api/v1/events/e-1")).contains(Scope.QUERY);
    assertThat(open.required("GET", "/api/v1/devices/d-1/rollups")).contains(Scope.QUERY);
    assertThat(open.required("GET", "/api/v1/ops/instances")).contains(Scope.OPS);
    assertThat(open.required("POST", "/api/v1/ops/dlq/replay")).contains(Scope.OPS);
    assertThat(open.required("DELETE", "/api/v1/devices/d-1")).contains(Scope.OPS);
  }

  @Test
  void shouldLeaveHealthTheDashboardAndOpenMetricsOpen() {
    assertThat(open.required("GET", "/health/live")).isEmpty();
    assertThat(open.required("GET", "/health/ready")).isEmpty();
    assertThat(open.required("GET", "/")).isEmpty();
    assertThat(open.required("GET", "/assets/app.js")).isEmpty();
    assertThat(open.required("GET", "/metrics")).isEmpty();
    assertThat(new AccessPolicy(true).required("GET", "/metrics"))
        .isEqualTo(Optional.of(Scope.OPS));
  }
}
