package dev.cornjacket.mqtt.internal;

import java.util.concurrent.CompletableFuture;

/**
 * Counts the messages taken from the broker and not yet settled (acknowledged, or given up for the
 * broker to deliver again), and remembers the most there ever were.
 */
public final class InFlight {

  private int count; // guarded by this
  private int highWater; // guarded by this
  private int highWaterBeforeLastAcquire; // guarded by this
  private CompletableFuture<Void> idle = CompletableFuture.completedFuture(null); // guarded by this

  public synchronized void acquire() {
    highWaterBeforeLastAcquire = highWater;
    if (count++ == 0) {
      idle = new CompletableFuture<>();
    }
    highWater = Math.max(highWater, count);
  }

  public void release() {
    CompletableFuture<Void> nowIdle = null;
    synchronized (this) {
      if (count == 0) {
        throw new IllegalStateException("released more messages than were taken");
      }
      if (--count == 0) {
        nowIdle = idle;
      }
    }
    if (nowIdle != null) {
      nowIdle.complete(null); // outside the lock: it runs what waited for it
    }
  }

  /**
   * Gives back the message just acquired without taking it after all (its connection was reset in
   * between): released, and not counted in the high-water mark, which tells how many messages the
   * bridge really held. Call it right after {@link #acquire()}, on the same thread.
   */
  public void withdraw() {
    synchronized (this) {
      highWater = highWaterBeforeLastAcquire;
    }
    release();
  }

  /** Completes once no message is in flight (at once when none is now). */
  public synchronized CompletableFuture<Void> whenIdle() {
    return idle;
  }

  public synchronized int count() {
    return count;
  }

  public synchronized int highWater() {
    return highWater;
  }
}
