package dev.palisade.imports;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.audit.Actor;
import dev.palisade.common.FirstStartLock;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.zonefile.Manifest;
import dev.palisade.zonefile.ManifestEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Imports the sample lists of {@code zones/manifest.txt} on first start, when the database has no
 * account yet, so the quick start answers real data. Runs before the DNS server starts. Every file
 * is read through the import pipeline's reader before anything is stored: a broken file stops the
 * start with its line numbers ({@link dev.palisade.zonefile.ZoneFileException}) and leaves the
 * database empty.
 */
@Component
class SampleZones implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(SampleZones.class);
  static final Actor ACTOR = Actor.system("sample-import");

  private final Accounts accounts;
  private final Listings listings;
  private final boolean enabled;
  private final Path directory;
  private final FirstStartLock lock;

  SampleZones(
      Accounts accounts,
      Listings listings,
      @Value("${palisade.samples.import-on-empty:false}") boolean enabled,
      @Value("${palisade.samples.directory:zones}") Path directory,
      FirstStartLock lock) {
    this.accounts = accounts;
    this.listings = listings;
    this.enabled = enabled;
    this.directory = directory;
    this.lock = lock;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (!enabled) {
      return;
    }
    // Under the lock: of two nodes starting together on an empty database, one imports.
    lock.createIfNeeded(() -> accounts.allAccounts().isEmpty(), this::importSamples);
  }

  private void importSamples() {
    Path manifest = directory.resolve("manifest.txt");
    if (!Files.isRegularFile(manifest)) {
      log.warn("no sample lists imported: {} not found", manifest.toAbsolutePath());
      return;
    }
    importAll(manifest);
  }

  /** Reads every file of the manifest, then creates the accounts, servers and entries. */
  void importAll(Path manifestFile) {
    Manifest manifest;
    Map<String, List<EntryDraft>> draftsByLabel = new LinkedHashMap<>();
    Map<String, ManifestEntry> scopeOfLabel = new LinkedHashMap<>();
    try {
      manifest = Manifest.read(manifestFile);
      for (ManifestEntry file : manifest.entries()) {
        ReadImport read =
            ImportReader.read(
                ImportSpec.of(file.list(), ImportFormat.of(file.format())),
                List.of(ImportSource.of(file.file())),
                Instant.now());
        if (!read.ok()) {
          throw read.failures().get(0);
        }
        draftsByLabel
            .computeIfAbsent(file.label(), label -> new ArrayList<>())
            .addAll(read.drafts());
        scopeOfLabel.putIfAbsent(file.label(), file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sample lists from " + manifestFile, e);
    }

    Map<String, Long> accountIds = new LinkedHashMap<>();
    int total = 0;
    for (Map.Entry<String, List<EntryDraft>> scope : draftsByLabel.entrySet()) {
      ManifestEntry file = scopeOfLabel.get(scope.getKey());
      long accountId =
          accountIds.computeIfAbsent(
              file.account(), slug -> accounts.createAccount(slug, "Demo account", ACTOR).getId());
      ScopeInfo target =
          file.accountWide()
              ? accounts.accountScope(accountId)
              : accounts.serverScope(
                  accounts.createServer(accountId, file.server(), ACTOR).getId());
      total += listings.upsert(target.id(), scope.getValue(), EntrySource.SAMPLE, ACTOR).created();
    }
    log.info(
        "imported {} sample entries from {} into {}",
        total,
        manifestFile,
        String.join(", ", draftsByLabel.keySet()));
  }
}
