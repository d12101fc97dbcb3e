package dev.cornjacket.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class InFlightTest {

  @Test
  void shouldCompleteIdleOnlyWhenTheLastMessageSettles() {
    InFlight inFlight = new InFlight();
    assertThat(inFlight.whenIdle()).isDone();

    inFlight.acquire();
    inFlight.acquire();
    CompletableFuture<Void> idle = inFlight.whenIdle();
    inFlight.release();
    assertThat(idle).isNotDone();
    inFlight.release();

    assertThat(idle).isDone();
    assertThat(inFlight.count()).isZero();
    assertThat(inFlight.highWater()).isEqualTo(2);
  }

  @Test
  void shouldLeaveAWithdrawnMessageOutOfTheHighWaterMark() {
    InFlight inFlight = new InFlight();
    inFlight.acquire();
    inFlight.acquire();
    inFlight.release();

    inFlight.acquire();
    inFlight.acquire();
    inFlight.withdraw();

    assertThat(inFlight.count()).isEqualTo(2);
    assertThat(inFlight.highWater()).isEqualTo(2);
  }

  @Test
  void shouldRefuseToReleaseWhatWasNotTaken() {
    assertThatThrownBy(() -> new InFlight().release())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("released more messages than were taken");
  }
}
