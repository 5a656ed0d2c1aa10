package io.nv.compiler.flow;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One field of a {@link FlowMatch}: the packet's bits under {@code mask} must equal {@code value}.
 * Name fields (ports, datapaths) match exactly. Build them with {@link FlowMatches}.
 *
 * <pre>{@code
 * FlowMatches.ip4Src(IpPrefix.parse("10.0.0.0/8"));   // ip4.src=10.0.0.0/8
 * new FieldMatch(Field.L4_DST, FieldValue.of(0x3e8), FieldValue.of(0xfff8));   // l4.dst=0x3e8/0xfff8
 * }</pre>
 *
 * @param field the field
 * @param value the wanted bits (none outside {@code mask}), or a name
 * @param mask the bits that matter (all of the field's bits for name fields)
 */
public record FieldMatch(Field field, FieldValue value, FieldValue mask) {
  /** Checks that value and mask fit the field and each other. */
  public FieldMatch {
    FieldValue all = FieldValue.ones(field.width());
    if (field.isName()) {
      if (!value.isName()) {
        throw new IllegalArgumentException(
            field + " holds names: use FieldValue.name(…), not " + value);
      }
      if (!mask.equals(all)) {
        throw new IllegalArgumentException(field + " matches names exactly: use FieldMatch.exact(…)");
      }
    } else {
      if (value.isName() || mask.isName()) {
        throw new IllegalArgumentException(field + " holds bits, not the name " + value);
      }
      if (mask.hasBitsOutside(all)) {
        throw new IllegalArgumentException(
            "mask " + mask + " is wider than " + field + " (" + field.width() + " bits)");
      }
      if (mask.isZero()) {
        throw new IllegalArgumentException(
            "an all-zero mask matches everything: leave " + field + " out of the match instead");
      }
      if (value.hasBitsOutside(mask)) {
        throw new IllegalArgumentException(
            "value " + value + " of " + field + " has bits outside mask " + mask
                + ": clear them (value & mask)");
      }
    }
  }

  // equals and hashCode written out, as FieldValue's are (the values the record's own would give).

  @Override
  public boolean equals(@Nullable Object o) {
    return o == this
        || (o instanceof FieldMatch m && m.field == field && m.value.equals(value) && m.mask.equals(mask));
  }

  @Override
  public int hashCode() {
    return (field.hashCode() * 31 + value.hashCode()) * 31 + mask.hashCode();
  }

  /** {@code field} equal to {@code value} in every bit. */
  public static FieldMatch exact(Field field, FieldValue value) {
    return new FieldMatch(field, value, FieldValue.ones(field.width()));
  }

  /** {@code field} equal to the integer {@code value}. */
  public static FieldMatch exact(Field field, long value) {
    return exact(field, FieldValue.of(value));
  }

  /** {@code field} with its bits under {@code mask} equal to {@code value & mask}. */
  public static FieldMatch masked(Field field, FieldValue value, FieldValue mask) {
    return new FieldMatch(field, value.and(mask), mask);
  }

  /** {@code field} with its bits under {@code mask} equal to {@code value & mask}. */
  public static FieldMatch masked(Field field, long value, long mask) {
    return masked(field, FieldValue.of(value), FieldValue.of(mask));
  }

  /** True when every bit of the field matters. */
  public boolean isExact() {
    return mask.equals(FieldValue.ones(field.width()));
  }

  /**
   * The prefix length when the mask's ones are all leading (an exact match is a full-width prefix),
   * or -1.
   */
  public int prefixLength() {
    if (field.isName()) {
      return -1;
    }
    int ones = mask.bitCount();
    return mask.equals(FieldValue.prefixMask(field.width(), ones)) ? ones : -1;
  }

  /** True when a field holding {@code actual} matches. */
  public boolean matches(FieldValue actual) {
    if (field.isName()) {
      return Objects.equals(value.name(), actual.name());
    }
    return (actual.high() & mask.high()) == value.high() && (actual.low() & mask.low()) == value.low();
  }

  /** {@code field=value} or {@code field=value/mask}, as flow text writes it. */
  @Override
  public String toString() {
    return appendTo(new StringBuilder(32)).toString();
  }

  /**
   * Appends {@link #toString()}'s text to {@code sb}, without making it as a string first: for
   * writers of many flows, which reuse one builder.
   *
   * <pre>{@code
   * FieldMatch.exact(Field.L4_DST, 80).appendTo(new StringBuilder());   // l4.dst=80
   * }</pre>
   */
  public StringBuilder appendTo(StringBuilder sb) {
    return appendValue(sb.append(field.symbol()).append('='));
  }

  /** The value part of {@link #toString()}. */
  public String formatValue() {
    return appendValue(new StringBuilder(24)).toString();
  }

  private StringBuilder appendValue(StringBuilder sb) {
    if (field.kind() == Field.Kind.CT_STATE) {
      return sb.append(CtState.format(value.low(), mask.low()));
    }
    if (isExact()) {
      return value.appendTo(sb, field);
    }
    int len = prefixLength();
    if (len >= 0 && (field.kind() == Field.Kind.IPV4 || field.kind() == Field.Kind.IPV6)) {
      return value.appendTo(sb, field).append('/').append(len);
    }
    return switch (field.kind()) {
      case MAC, IPV4, IPV6 -> mask.appendTo(value.appendTo(sb, field).append('/'), field);
      default -> sb.append("0x").append(Long.toHexString(value.low()))
          .append("/0x").append(Long.toHexString(mask.low()));
    };
  }
}
