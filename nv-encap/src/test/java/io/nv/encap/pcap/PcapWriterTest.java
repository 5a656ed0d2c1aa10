package io.nv.encap.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.io.BaseEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PcapWriterTest {
  static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

  @Test
  void writesTheClassicHeaderAndOneRecordPerFrame() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = PcapWriter.open(out)) {
      w.write(1_500_000L, HEX.decode("0102030405"));
      w.write(2_000_001L, HEX.decode("ff"));
    }
    assertThat(HEX.encode(out.toByteArray()))
        .isEqualTo(
            "a1b2c3d4" + "0002" + "0004" + "00000000" + "00000000" + "0000ffff" + "00000001"
                // 1.5 s: seconds 1, microseconds 500000 (0x7a120), 5 bytes captured of 5
                + "00000001" + "0007a120" + "00000005" + "00000005" + "0102030405"
                + "00000002" + "00000001" + "00000001" + "00000001" + "ff");
  }

  @Test
  void framesPastTheSnapLengthAreCutButKeepTheirLength() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = PcapWriter.open(out)) {
      w.write(0, new byte[70_000]);
    }
    byte[] b = out.toByteArray();
    assertThat(b).hasSize(24 + 16 + 65535);
    assertThat(HEX.encode(b, 24 + 8, 8)).isEqualTo("0000ffff" + "00011170");
  }

  @Test
  void negativeTimestampsAreRejected() throws IOException {
    PcapWriter w = PcapWriter.open(new ByteArrayOutputStream());
    assertThatThrownBy(() -> w.write(-1, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timestamp");
  }
}
