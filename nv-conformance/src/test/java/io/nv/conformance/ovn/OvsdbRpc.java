package io.nv.conformance.ovn;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What {@code ovsdb-client transact} does, over the database's own socket: one JSON-RPC {@code
 * transact} request whose params are the transaction as given ({@code ["OVN_Northbound", op, …]},
 * the export's text, written to the socket unparsed). No command line holds the transaction, so
 * its size is not bounded by the kernel's argument limit (a 100k-port export is tens of
 * megabytes).
 *
 * <pre>{@code
 * JsonNode results = OvsdbRpc.transact(Path.of("nb.sock"), nb.transaction());
 * // [{"uuid":["uuid","…"]}, …] — one result per operation
 * }</pre>
 */
final class OvsdbRpc {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OvsdbRpc() {}

  /**
   * Sends {@code transaction} to the server at {@code socket} and returns the results, one per
   * operation. An operation's error, or the request's, throws with the server's words.
   */
  static JsonNode transact(Path socket, String transaction) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      String head = "{\"id\":1,\"method\":\"transact\",\"params\":";
      write(channel, head.getBytes(StandardCharsets.UTF_8));
      write(channel, transaction.strip().getBytes(StandardCharsets.UTF_8));
      write(channel, "}".getBytes(StandardCharsets.UTF_8));
      try (JsonParser replies =
          JSON.getFactory().createParser(new BufferedInputStream(Channels.newInputStream(channel), 1 << 16))) {
        while (true) {
          if (replies.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("the server closed " + socket + " before answering");
          }
          JsonNode message = JSON.readTree(replies);
          if (message.path("method").asText().equals("echo")) {
            // The server's keepalive: answer it and go on waiting.
            ObjectNode echo = JSON.createObjectNode();
            echo.set("id", message.get("id"));
            echo.set("result", message.get("params"));
            echo.putNull("error");
            write(channel, JSON.writeValueAsBytes(echo));
            continue;
          }
          if (message.path("id").asInt(-1) != 1) {
            continue; // a notification
          }
          JsonNode error = message.get("error");
          if (error != null && !error.isNull()) {
            throw new IllegalStateException("the transaction failed: " + error);
          }
          JsonNode results = message.path("result");
          for (JsonNode r : results) {
            if (r.has("error")) {
              throw new IllegalStateException("the transaction failed: " + r + " (all results: " + abbreviated(results) + ")");
            }
          }
          return results;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("ovsdb transact on " + socket + " failed", e);
    }
  }

  private static String abbreviated(JsonNode results) {
    String s = results.toString();
    return s.length() <= 2000 ? s : s.substring(0, 2000) + "…";
  }

  private static void write(SocketChannel channel, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }
}
