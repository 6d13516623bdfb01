package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRecordTest {

  @Test
  void aRecordOfAnObjectComesThroughTheActorsChannelWithoutScopeOrStates() {
    Actor actor = new Actor("user:alice#3", "192.0.2.7", "manual");

    AuditRecord record =
        AuditRecord.of(
            Instant.EPOCH, 4L, actor, "CREATE", "MAIL_SERVER", 9, "mail server acme/mx1");

    assertThat(record)
        .isEqualTo(
            new AuditRecord(
                Instant.EPOCH,
                4L,
                null,
                actor,
                "manual",
                "CREATE",
                "MAIL_SERVER",
                9L,
                "mail server acme/mx1",
                null,
                null));
  }

  @Test
  void aRecordOfAnInstallationWideObjectHasNoAccount() {
    assertThat(
            AuditRecord.of(
                Instant.EPOCH, null, Actor.system("bootstrap"), "CREATE", "USER", 1, "x"))
        .extracting(AuditRecord::accountId, AuditRecord::source)
        .containsExactly(null, "system");
  }

  @Test
  void theSystemActsAsSystemJobFromNoAddress() {
    assertThat(Actor.system("expiry")).isEqualTo(new Actor("system:expiry", null, "system"));
  }

  @Test
  void anActorNeedsANameAndAChannel() {
    assertThatThrownBy(() -> new Actor(" ", null, "api"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an actor needs a name");
    assertThatThrownBy(() -> new Actor("token:x#1", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an actor needs a channel");
  }
}
