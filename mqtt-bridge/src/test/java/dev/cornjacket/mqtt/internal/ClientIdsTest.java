package dev.cornjacket.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientIdsTest {

  @Test
  void shouldMakeAClientIdOfAnyHostName() {
    assertThat(ClientIds.sanitized("Build_Host 7.example")).isEqualTo("build-host-7.example");
    assertThat(ClientIds.defaultClientId()).startsWith("cornjacket-").matches("[a-z0-9.-]+");
  }
}
