package dev.palisade.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.account.ScopeDetails;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class UploadTargetTest {

  private static final ScopeDetails ACCOUNT = new ScopeDetails(1, 1, "acme", null, null, "acme");
  private static final ScopeDetails MX1 = new ScopeDetails(2, 1, "acme", 5L, "mx1", "acme-mx1");

  private static final Function<String, ScopeDetails> SCOPES =
      name -> {
        if (name == null || name.isBlank()) {
          return ACCOUNT;
        }
        if (name.equals("mx1")) {
          return MX1;
        }
        throw new NotFoundException("mail server '" + name + "' not found");
      };

  @Test
  void readsTheScopeTheListAndTheFormat() {
    FormErrors errors = new FormErrors();

    UploadTarget target = UploadTarget.read("mx1", "allow", "dnset", SCOPES, errors);

    assertThat(errors.any()).isFalse();
    assertThat(target).isEqualTo(new UploadTarget(MX1, ListKind.ALLOW, ImportFormat.DNSET));
    assertThat(UploadTarget.read("", "exclude", "lines", SCOPES, errors))
        .isEqualTo(new UploadTarget(ACCOUNT, ListKind.EXCLUDE, ImportFormat.LINES));
  }

  @Test
  void namesEveryBadFieldAndLeavesItOut() {
    FormErrors errors = new FormErrors();

    UploadTarget target = UploadTarget.read("mx9", "bogus", "json", SCOPES, errors);

    assertThat(target).isEqualTo(new UploadTarget(null, null, null));
    assertThat(errors.get("scope")).isEqualTo("Choose the account or one of its mail servers");
    assertThat(errors.get("list")).isEqualTo("Choose block, allow or exclude");
    assertThat(errors.get("format"))
        .isEqualTo("Unknown format 'json'; supported: " + ImportFormat.names());
    assertThat(errors.all()).hasSize(3);
  }

  @Test
  void aBadFieldSpoilsOnlyItself() {
    FormErrors errors = new FormErrors();

    UploadTarget target = UploadTarget.read("mx1", "block", "xml", SCOPES, errors);

    assertThat(target).isEqualTo(new UploadTarget(MX1, ListKind.BLOCK, null));
    assertThat(errors.all()).hasSize(1);
    assertThat(errors.has("format")).isTrue();
  }
}
