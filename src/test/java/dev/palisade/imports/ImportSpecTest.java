package dev.palisade.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.dnsbl.ListKind;
import org.junit.jupiter.api.Test;

class ImportSpecTest {

  @Test
  void aFileImportNeverExpiresAndHasNoLimit() {
    ImportSpec spec = ImportSpec.of(ListKind.ALLOW, ImportFormat.DNSET);

    assertThat(spec.list()).isEqualTo(ListKind.ALLOW);
    assertThat(spec.format()).isEqualTo(ImportFormat.DNSET);
    assertThat(spec.expiresAt()).isNull();
    assertThat(spec.limits()).isEqualTo(ImportLimits.NONE);
  }

  @Test
  void needsAListAFormatAndLimits() {
    assertThatThrownBy(() -> new ImportSpec(null, ImportFormat.CSV, null, ImportLimits.NONE))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ImportSpec(ListKind.BLOCK, null, null, ImportLimits.NONE))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ImportSpec(ListKind.BLOCK, ImportFormat.CSV, null, null))
        .isInstanceOf(NullPointerException.class);
  }
}
