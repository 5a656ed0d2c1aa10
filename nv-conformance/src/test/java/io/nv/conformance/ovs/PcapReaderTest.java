package io.nv.conformance.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.io.BaseEncoding;
import io.nv.encap.pcap.PcapWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcapReaderTest {
  static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();

  @Test
  void readsBackWhatNvEncapsWriterWrote() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = PcapWriter.open(out)) {
      w.write(1_500_000L, HEX.decode("0102030405"));
      w.write(2_000_001L, HEX.decode("ff"));
      w.write(2_000_002L, new byte[0]);
    }
    PcapReader.Capture c = PcapReader.read(out.toByteArray());
    assertThat(c.linkType()).isEqualTo(PcapWriter.LINK_TYPE_ETHERNET);
    assertThat(c.frames()).containsExactly(HEX.decode("0102030405"), HEX.decode("ff"),
        new byte[0]);
    assertThat(c.truncated()).isFalse();
  }

  @Test
  void readsLittleEndianFilesAsOvsWritesThemOnX86() {
    byte[] file = HEX.decode(
        "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "01000000"
            + "01000000" + "20a10700" + "03000000" + "03000000" + "aabbcc");
    PcapReader.Capture c = PcapReader.read(file);
    assertThat(c.linkType()).isEqualTo(1);
    assertThat(c.frames()).containsExactly(HEX.decode("aabbcc"));
  }

  @Test
  void aRecordCutShortIsLeftOutAndReported() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PcapWriter w = PcapWriter.open(out)) {
      w.write(0, HEX.decode("0102"));
      w.write(0, HEX.decode("03040506"));
    }
    byte[] whole = out.toByteArray();
    for (int cut = 1; cut < 16 + 4; cut++) {
      PcapReader.Capture c = PcapReader.read(Arrays.copyOf(whole, whole.length - cut));
      assertThat(c.frames()).as("cut %d bytes", cut).containsExactly(HEX.decode("0102"));
      assertThat(c.truncated()).isTrue();
    }
  }

  @Test
  void otherBytesAreRejectedWithWhatWasFound() {
    assertThatThrownBy(() -> PcapReader.read(new byte[10]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24-byte header");
    byte[] pcapng = new byte[28];
    pcapng[0] = 0x0a;
    pcapng[1] = 0x0d;
    pcapng[2] = 0x0d;
    pcapng[3] = 0x0a;
    assertThatThrownBy(() -> PcapReader.read(pcapng))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x0a0d0d0a");
  }
}
