package dev.cornjacket.app.simulate;

/** A simulation could not run: the message says what is wrong and what to do. */
public final class SimulationException extends RuntimeException {
  public SimulationException(String message, Throwable cause) {
    super(message, cause);
  }

  public SimulationException(String message) {
    super(message);
  }
}
