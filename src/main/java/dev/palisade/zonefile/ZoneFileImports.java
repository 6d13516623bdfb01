package dev.palisade.zonefile;

import dev.palisade.audit.Actor;
import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.Listings;
import dev.palisade.listing.UpsertResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Imports rbldnsd data files into one scope's list: every file is read first, then all their
 * entries are stored in one transaction through {@link Listings#upsert}, so a bad line anywhere
 * stores nothing. Entries already in the scope and not in the files stay; entries in the files are
 * added or updated (an import can be repeated). The REST API, the command line and the web UI call
 * this. Thread-safe.
 */
@Service
public class ZoneFileImports {

  private final Listings listings;

  ZoneFileImports(Listings listings) {
    this.listings = listings;
  }

  /** A data file to read: a name for messages and a way to open it. */
  public interface Source {
    /** Names the file in errors and warnings. */
    String name();

    /** Opens the file's bytes (UTF-8, or gzip-compressed UTF-8); the caller closes the stream. */
    InputStream open() throws IOException;

    /** A file on disk, named by its path. */
    static Source of(Path file) {
      return new Source() {
        @Override
        public String name() {
          return file.toString();
        }

        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file);
        }
      };
    }

    /** Bytes already in memory, e.g. a request body or an upload. */
    static Source of(String name, byte[] bytes) {
      return new Source() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public InputStream open() {
          return new java.io.ByteArrayInputStream(bytes);
        }
      };
    }
  }

  /**
   * Reads every file and stores their entries in the scope, all or nothing: {@link #read} then
   * {@link #store}.
   *
   * @param list the list the files feed; their {@code !} exclusions feed the other one
   * @throws ImportException listing every bad line of every file; nothing was stored
   * @throws IOException if a file cannot be read
   * @throws dev.palisade.common.NotFoundException if the scope does not exist
   */
  public ImportResult importFiles(
      long scopeId, ListKind list, ZoneFileFormat format, List<Source> files, Actor actor)
      throws IOException {
    return store(scopeId, read(list, format, files), actor);
  }

  /**
   * Reads every file without storing anything, so a caller can check the files before it creates
   * the scope they go to.
   *
   * @throws ImportException listing every bad line of every file
   * @throws IOException if a file cannot be read
   */
  public ReadFiles read(ListKind list, ZoneFileFormat format, List<Source> files)
      throws IOException {
    List<ZoneFileException> failures = new ArrayList<>();
    List<EntryDraft> drafts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<ZoneFileIssue> warnings = new ArrayList<>();
    List<ZoneFileDirectives> directives = new ArrayList<>();
    int warningCount = 0;
    for (Source file : files) {
      names.add(file.name());
      ZoneFileContent content;
      try (InputStream in = file.open()) {
        content = ZoneFileParser.parse(file.name(), in, list, format);
      } catch (ZoneFileException e) {
        failures.add(e);
        continue;
      }
      IssueCollector bad = new IssueCollector(file.name());
      for (ZoneFileEntry entry : content.entries()) {
        try {
          drafts.add(
              new EntryDraft(
                  entry.kind(), entry.value(), entry.returnCode(), entry.reason(), null));
        } catch (InvalidEntryException e) {
          // The parser reads any UTF-8 text; an entry's reason must be printable ASCII.
          bad.add(entry.line(), entry.value().canonical(), e.getMessage());
        }
      }
      try {
        bad.throwIfAny();
      } catch (ZoneFileException e) {
        failures.add(e);
        continue;
      }
      warnings.addAll(content.warnings());
      warningCount += content.warningCount();
      directives.add(content.directives());
    }
    if (!failures.isEmpty()) {
      throw new ImportException(failures);
    }
    return new ReadFiles(names, drafts, warnings, warningCount, directives);
  }

  /** Stores what {@link #read} returned in one transaction. */
  public ImportResult store(long scopeId, ReadFiles files, Actor actor) {
    UpsertResult stored =
        files.drafts().isEmpty()
            ? new UpsertResult(0, 0, 0)
            : listings.upsert(scopeId, files.drafts(), EntrySource.IMPORT, actor);
    return new ImportResult(
        files.names(),
        files.drafts().size(),
        stored.created(),
        stored.updated(),
        stored.unchanged(),
        files.warnings(),
        files.warningCount(),
        files.directives());
  }

  /** Files read and checked, not yet stored. */
  public record ReadFiles(
      List<String> names,
      List<EntryDraft> drafts,
      List<ZoneFileIssue> warnings,
      int warningCount,
      List<ZoneFileDirectives> directives) {}

  /** One file from memory; see {@link #importFiles}. */
  public ImportResult importFile(
      long scopeId,
      ListKind list,
      ZoneFileFormat format,
      String fileName,
      byte[] content,
      Actor actor) {
    try {
      return importFiles(scopeId, list, format, List.of(Source.of(fileName, content)), actor);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // reading a byte array does not fail
    }
  }
}
