package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.common.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;

class WriteTargetTest {

  private static final ScopeDetails ACME_MX1 =
      new ScopeDetails(4, 1, "acme", 2L, "mx1", "acme-mx1");

  @Test
  void aScopeGivenByIdHasNoNamesAndIsMissingAsThatScope() {
    WriteTarget target = WriteTarget.scope(4);

    assertThat(target.id()).isEqualTo(4L);
    assertThat(target.name()).isNull();
    assertThat(target.slug()).isNull();
    assertThat(target.server()).isNull();
    assertThat(target.missing())
        .isInstanceOf(NotFoundException.class)
        .hasMessage("scope 4 not found");
  }

  @Test
  void aScopeGivenByIdAdmitsWhateverItFinds() {
    assertThatCode(() -> WriteTarget.scope(4).admit(ACME_MX1)).doesNotThrowAnyException();
  }

  @Test
  void namesAreComparedInLowerCase() {
    WriteTarget target = WriteTarget.named("ACME", "Mx1", scope -> {}, IllegalStateException::new);

    assertThat(target.id()).isNull();
    assertThat(target.slug()).isEqualTo("acme");
    assertThat(target.server()).isEqualTo("mx1");
    assertThat(target.name()).isEqualTo("acme/mx1");
  }

  @Test
  void anAccountScopeIsNamedByItsSlugAlone() {
    WriteTarget target = WriteTarget.named("Acme", null, scope -> {}, IllegalStateException::new);

    assertThat(target.server()).isNull();
    assertThat(target.name()).isEqualTo("acme");
  }

  @Test
  void aMissingSlugMatchesNoAccount() {
    assertThat(WriteTarget.named(null, null, scope -> {}, IllegalStateException::new).slug())
        .isEmpty();
  }

  @Test
  void theCallersCheckSeesTheScopeFoundAndItsRefusalIsThrown() {
    List<ScopeDetails> seen = new ArrayList<>();
    WriteTarget target =
        WriteTarget.named(
            "acme",
            "mx1",
            scope -> {
              seen.add(scope);
              throw new AccessDeniedException("read-only");
            },
            IllegalStateException::new);

    assertThatThrownBy(() -> target.admit(ACME_MX1)).isInstanceOf(AccessDeniedException.class);
    assertThat(seen).containsExactly(ACME_MX1);
  }

  @Test
  void theCallersMissingExceptionIsMadeAnewEachTime() {
    WriteTarget target =
        WriteTarget.named(
            "acme", "mx9", scope -> {}, () -> new NotFoundException("mail server 'mx9' not found"));

    RuntimeException first = target.missing();

    assertThat(first).hasMessage("mail server 'mx9' not found");
    assertThat(target.missing()).isNotSameAs(first);
  }
}
