package dev.palisade.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How scope rows become what DNS sees, and the small values around scopes. */
class ScopeRowTest {

  @Test
  void aServerScopeIsLinkedToItsAccountsScopeWhereverTheRowsAre() {
    List<ScopeInfo> infos =
        ScopeRow.toInfos(
            List.of(
                new ScopeRow(12, 2, 20L, "beta-mx", 9, null),
                new ScopeRow(10, 1, 10L, "acme-mx1", 5, null),
                new ScopeRow(1, 1, null, "acme", 7, null),
                new ScopeRow(2, 2, null, "beta", 3, null),
                new ScopeRow(11, 1, 11L, "acme-mx2", 6, null)));

    assertThat(infos)
        .containsExactly(
            new ScopeInfo(12, "beta-mx", 2L, 9),
            new ScopeInfo(10, "acme-mx1", 1L, 5),
            new ScopeInfo(1, "acme", null, 7),
            new ScopeInfo(2, "beta", null, 3),
            new ScopeInfo(11, "acme-mx2", 1L, 6));
    assertThat(infos).filteredOn(ScopeInfo::isServer).hasSize(3);
  }

  @Test
  void noRowsAreNoScopes() {
    assertThat(ScopeRow.toInfos(List.of())).isEmpty();
  }

  @Test
  void aScopeIsShownAsSlugOrSlugSlashServer() {
    assertThat(new ScopeDetails(1, 1, "acme", null, null, "acme").displayName()).isEqualTo("acme");
    assertThat(new ScopeDetails(4, 1, "acme", 2L, "mx1", "k3y").displayName())
        .isEqualTo("acme/mx1");
  }

  @Test
  void aScopeChangeKeepsItsOwnCopyOfTheScopes() {
    List<ScopeInfo> scopes = new ArrayList<>(List.of(new ScopeInfo(1, "acme", null, 7)));
    ScopesChanged change = new ScopesChanged(scopes, 8, Set.of(1L));

    scopes.clear();

    assertThat(change.scopes()).hasSize(1);
    assertThat(change.created()).containsExactly(1L);
    assertThat(new ScopesChanged(List.of(), 9).created()).isEmpty();
  }
}
