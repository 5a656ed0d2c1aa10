package io.nv.conformance.ovs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code ovs-appctl} does, over one kept-open connection to a daemon's control socket
 * (JSON-RPC 1.0, one request at a time): a trace costs a fraction of a millisecond instead of a
 * process start.
 *
 * <pre>{@code
 * try (Unixctl ctl = Unixctl.connect(runDir.resolve("ovs-vswitchd.1234.ctl"))) {
 *   String text = ctl.call("ofproto/trace", "br-int", "in_port=1");
 * }
 * }</pre>
 */
final class Unixctl implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path socket;
  private final SocketChannel channel;
  private final JsonParser replies;
  private long nextId;

  private Unixctl(Path socket, SocketChannel channel, JsonParser replies) {
    this.socket = socket;
    this.channel = channel;
    this.replies = replies;
  }

  static Unixctl connect(Path socket) {
    try {
      SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
      // A parser over a Reader reads nothing until asked (one over a stream would block here,
      // sniffing the encoding before the first request is sent).
      JsonParser replies = JSON.getFactory().createParser(
          new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
      return new Unixctl(socket, channel, replies);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to the control socket " + socket
          + " (is the daemon running? see its log next to the socket)", e);
    }
  }

  /** Runs {@code method} with {@code params} and returns its text; a daemon error throws. */
  synchronized String call(String method, String... params) {
    return call(method, List.of(params));
  }

  /** Runs {@code method} with {@code params} and returns its text; a daemon error throws. */
  synchronized String call(String method, List<String> params) {
    long id = nextId++;
    ObjectNode request = JSON.createObjectNode();
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    params.forEach(array::add);
    request.put("id", id);
    try {
      ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(request));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (replies.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the daemon closed " + socket + " or sent something else");
      }
      JsonNode reply = JSON.readTree(replies);
      if (reply.path("id").asLong(-1) != id) {
        throw new IOException("reply " + reply.path("id") + " to request " + id + " on " + socket);
      }
      @Nullable JsonNode error = reply.get("error");
      if (error != null && !error.isNull()) {
        throw new OvsException(
            "ovs-appctl " + method + " " + String.join(" ", params), error.asText().strip());
      }
      return reply.path("result").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("unixctl " + method + " on " + socket + " failed", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      replies.close();
      channel.close();
    } catch (IOException e) {
      // The daemon may be gone already: nothing left to release.
    }
  }
}
