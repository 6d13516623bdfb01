package dev.palisade.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A zone renders with bounded memory whatever its size: two million addresses, four million records
 * (about 500 MB as objects), rendered in a JVM of 128 MB, which holds the index (about 30 MB) and
 * what rendering keeps at a time, but never the zone.
 */
class LargeZoneStreamingIT {

  private static final int ADDRESSES = 2_000_000;

  @Test
  void rendersTwoMillionAddressesInAHeapFarSmallerThanTheRecords() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx128m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    LargeZoneStreaming.class.getName(),
                    Integer.toString(ADDRESSES)))
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isZero();
    long nameServers = TestZones.DNS.nameServers().size();
    // An A and a TXT per address, the four records of the two listed test points, the NS records.
    assertThat(output).contains("records " + (2L * ADDRESSES + 4 + nameServers));
  }
}
