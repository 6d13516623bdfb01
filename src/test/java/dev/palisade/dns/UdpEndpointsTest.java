package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UdpEndpointsTest {

  private static final String MISSING = "no library for this CPU";

  @Test
  void autoUsesNativeWhenItLoadsAndFallsBackToNioWhenNot() {
    assertThat(UdpEndpoints.choose("auto", () -> null).isNative()).isTrue();
    assertThat(UdpEndpoints.choose("auto", () -> MISSING).isNative()).isFalse();
  }

  @Test
  void nioNeverAsksForTheLibrary() {
    UdpEndpoints nio =
        UdpEndpoints.choose(
            "nio",
            () -> {
              throw new AssertionError("nio must not load the native library");
            });

    assertThat(nio.isNative()).isFalse();
  }

  @Test
  void nativeFailsStartUpNamingTheSettingAndTheReason() {
    assertThat(UdpEndpoints.choose("native", () -> null).isNative()).isTrue();
    assertThatThrownBy(() -> UdpEndpoints.choose("native", () -> MISSING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("palisade.dns.udp-io=native")
        .hasMessageContaining(MISSING);
  }
}
