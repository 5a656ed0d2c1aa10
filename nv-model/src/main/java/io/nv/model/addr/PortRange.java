package io.nv.model.addr;

import java.util.Optional;

/**
 * An inclusive range of transport ports, written {@code 80} or {@code 8000-8080}.
 *
 * <pre>{@code
 * PortRange r = PortRange.parse("8000-8080");
 * r.contains(8080);   // true
 * PortRange.of(80).toString();   // "80"
 * }</pre>
 *
 * @param low the first port, 0..65535
 * @param high the last port, {@code low..65535}
 */
public record PortRange(int low, int high) implements Comparable<PortRange> {
  /** Every port. */
  public static final PortRange ALL = new PortRange(0, 65535);

  /** Checks the bounds. */
  public PortRange {
    if (low < 0 || high > 65535 || low > high) {
      throw new IllegalArgumentException(
          "port range " + low + "-" + high + " is not within 0..65535 with low <= high");
    }
  }

  /** The range of a single port. */
  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  /** Parses {@code N} or {@code LOW-HIGH}. */
  public static PortRange parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "not a port range: '" + text + "' (write 80 or 8000-8080, ports 0..65535)"));
  }

  /** Parses like {@link #parse}, or returns empty. */
  public static Optional<PortRange> tryParse(String text) {
    int dash = text.indexOf('-');
    Optional<Integer> lo = port(dash < 0 ? text : text.substring(0, dash));
    Optional<Integer> hi = dash < 0 ? lo : port(text.substring(dash + 1));
    if (lo.isEmpty() || hi.isEmpty() || lo.get() > hi.get()) {
      return Optional.empty();
    }
    return Optional.of(new PortRange(lo.get(), hi.get()));
  }

  private static Optional<Integer> port(String s) {
    if (s.isEmpty() || s.length() > 5 || (s.length() > 1 && s.charAt(0) == '0')) {
      return Optional.empty();
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Optional.empty();
      }
      v = v * 10 + (c - '0');
    }
    return v <= 65535 ? Optional.of(v) : Optional.empty();
  }

  /** True when {@code port} lies in the range. */
  public boolean contains(int port) {
    return port >= low && port <= high;
  }

  /** True when the range is one port. */
  public boolean isSingle() {
    return low == high;
  }

  @Override
  public int compareTo(PortRange o) {
    int c = Integer.compare(low, o.low);
    return c != 0 ? c : Integer.compare(high, o.high);
  }

  @Override
  public String toString() {
    return low == high ? Integer.toString(low) : low + "-" + high;
  }
}
