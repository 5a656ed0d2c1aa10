package io.nv.ovn.internal;

/**
 * The uuid-names of the transaction's rows, derived from nv ids: a table prefix, then each id with
 * every character but a letter or digit written {@code _xx} (its hex code), ids joined by {@code
 * __}. The encoding is injective and yields RFC 7047 identifiers ({@code [_a-zA-Z][_a-zA-Z0-9]*}),
 * so rows of one export never collide.
 *
 * <pre>{@code
 * UuidNames.of("lsp", "web-r1");            // "lsp_web_2dr1"
 * UuidNames.of("acl_pg", "web", "allow");   // "acl_pg_web__allow"
 * }</pre>
 */
final class UuidNames {
  private UuidNames() {}

  static String of(String prefix, String... ids) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < ids.length; i++) {
      sb.append(i == 0 ? "_" : "__");
      encode(ids[i], sb);
    }
    return sb.toString();
  }

  private static void encode(String id, StringBuilder sb) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        sb.append(c);
      } else {
        // Ids are ASCII (Ids.rule); two hex digits cover every character they may hold.
        sb.append('_').append(Character.forDigit((c >> 4) & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
      }
    }
  }
}
