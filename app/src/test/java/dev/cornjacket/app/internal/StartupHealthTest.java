package dev.cornjacket.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.http.Health;
import org.junit.jupiter.api.Test;

class StartupHealthTest {

  @Test
  void shouldBeDownNamingThePartBeingStartedUntilDone() {
    StartupHealth startup = new StartupHealth();
    assertThat(startup.check().up()).isFalse();
    startup.starting("the sinks role");
    Health starting = startup.check();
    assertThat(starting.up()).isFalse();
    assertThat(starting.details().get("error")).asString().contains("the sinks role");

    startup.done();
    Health started = startup.check();
    assertThat(started.up()).isTrue();
    assertThat(started.details()).containsKey("startedAt");
  }
}
