package io.nv.encap.codec;

/** Range checks for header fields, with messages that name the field and its bounds. */
final class Ranges {
  private Ranges() {}

  /** Throws unless {@code 0 <= value <= max}. */
  static void check(int value, int max, String what) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(what + " " + value + " not in 0.." + max);
    }
  }
}
