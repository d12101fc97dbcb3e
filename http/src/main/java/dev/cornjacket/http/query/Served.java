package dev.cornjacket.http.query;

/**
 * Who answered a query and how fresh the answer is; becomes the headers {@code X-Served-By}, {@code
 * X-Served-From} and {@code X-Lag-Records}.
 *
 * @param by host:port of the instance whose store was read
 * @param from {@code active} (the owner) or {@code standby} (a replica, possibly behind)
 * @param lagRecords how many changelog records the store was behind the owner when read; 0 for the
 *     active store
 */
public record Served(String by, String from, long lagRecords) {

  public static final String ACTIVE = "active";
  public static final String STANDBY = "standby";

  public static final String HEADER_BY = "X-Served-By";
  public static final String HEADER_FROM = "X-Served-From";
  public static final String HEADER_LAG = "X-Lag-Records";

  public static Served active(String by) {
    return new Served(by, ACTIVE, 0);
  }
}
