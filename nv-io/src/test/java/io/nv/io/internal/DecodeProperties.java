package io.nv.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nv.io.LocatedError;
import io.vavr.control.Either;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TreeReader#decode}'s fast path gives what strict decoding gives, text or error, for bytes
 * mixing ASCII, valid multi-byte characters, U+FFFD itself, byte-order marks and bytes that are not
 * UTF-8. Runs with a random seed; replay a failure with {@code -Dnv.seed=<seed>}.
 */
class DecodeProperties {
  private static final long SEED = Long.getLong("nv.seed", new SplittableRandom().nextLong());

  private static final byte[][] PIECES = {
    "a: 1\n".getBytes(StandardCharsets.UTF_8),
    "é".getBytes(StandardCharsets.UTF_8),
    "\u2028".getBytes(StandardCharsets.UTF_8),
    "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8),
    "\uFFFD".getBytes(StandardCharsets.UTF_8),
    "\uFEFF".getBytes(StandardCharsets.UTF_8),
    {(byte) 0xe9},
    {(byte) 0xc3},
    {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
    {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    {(byte) 0xc0, (byte) 0xaf},
    {(byte) 0x80},
    {0},
  };

  @Test
  void theFastPathDecodesAsTheStrictDecoderDoes() {
    SplittableRandom r = new SplittableRandom(SEED);
    int bad = 0;
    int replacement = 0;
    for (int i = 0; i < 5000; i++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      int n = r.nextInt(8);
      for (int k = 0; k < n; k++) {
        // Mostly plain text, as documents are.
        byte[] piece = r.nextInt(3) == 0 ? PIECES[r.nextInt(PIECES.length)] : PIECES[0];
        b.write(piece, 0, piece.length);
      }
      byte[] bytes = b.toByteArray();
      Either<LocatedError, String> fast = TreeReader.decode(bytes);
      Either<LocatedError, String> strict = TreeReader.decodeStrictly(bytes);
      assertThat(fast).as("seed %d, case %d", SEED, i).isEqualTo(strict);
      bad += strict.isLeft() ? 1 : 0;
      replacement += strict.isRight() && strict.get().indexOf('\uFFFD') >= 0 ? 1 : 0;
    }
    // Both kinds of input that leave the fast path were made.
    assertThat(bad).isGreaterThan(100);
    assertThat(replacement).isGreaterThan(20);
  }
}
