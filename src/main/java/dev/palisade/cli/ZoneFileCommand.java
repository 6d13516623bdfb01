package dev.palisade.cli;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.audit.Actor;
import dev.palisade.cli.CommandOptions.Command;
import dev.palisade.common.NotFoundException;
import dev.palisade.imports.CheckedImport;
import dev.palisade.imports.ImportException;
import dev.palisade.imports.ImportResult;
import dev.palisade.imports.ImportSource;
import dev.palisade.imports.ImportSpec;
import dev.palisade.imports.Imports;
import dev.palisade.imports.ReadImport;
import dev.palisade.imports.UnreadableImportException;
import dev.palisade.listing.EntrySource;
import dev.palisade.listing.PartlyStoredException;
import dev.palisade.zonefile.ZoneFileException;
import dev.palisade.zonefile.ZoneFileExport;
import dev.palisade.zonefile.ZoneFileIssue;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command line: {@code java -jar palisade.jar import|export ...}. Runs one import or export
 * against the configured database and exits, without the DNS server ({@code
 * palisade.dns.enabled=false}) or the web server. Imports go through the same pipeline as the web
 * UI and the REST API ({@link Imports}), so they read the same formats. Called from {@code main}
 * before Spring starts; not a bean.
 *
 * <p>Imports here have no {@link dev.palisade.imports.ImportLimits}: the command line is the
 * operator's tool on the server, in a JVM of its own, where a large file costs only that JVM's
 * heap.
 *
 * <p>Exit codes: 0 done; 1 a file has bad lines or is gzip that cannot be inflated (nothing was
 * imported); 2 wrong usage, or the account or mail server does not exist; 3 anything else (database
 * unreachable or in use, a file unreadable); 4 an import stored in several transactions stopped
 * after some of them (what they stored stays; the same import again completes it).
 */
public final class ZoneFileCommand {

  static final int OK = 0;
  static final int BAD_DATA = 1;
  static final int USAGE = 2;
  static final int FAILED = 3;
  static final int PARTLY_STORED = 4;

  static final String USAGE_TEXT =
      """
      Palisade serves block and allow lists (DNSBL/DNSWL) to mail servers over DNS.
      Run without a command it starts the server. With one of the commands below it
      works on the configured database, prints what it did and exits, without
      starting DNS or the web UI.

      Usage:
        java -jar palisade.jar import --account=ACCOUNT [--server=SERVER]
            --list=block|allow|exclude --format=FORMAT [--create] FILE...
        java -jar palisade.jar export --account=ACCOUNT [--server=SERVER]
            --list=block|allow --format=FORMAT [--output=FILE]
        java -jar palisade.jar --help

      import  adds the entries of FILE... to the block or allow list of an account
              (all of its mail servers use them) or of one of its mail servers
              (--server); --list=exclude adds exclusions, which take addresses or
              domains out of the lists without allowing them. An rbldnsd '!' line is
              an exclusion whatever the list. All files are checked first; if any
              line of any file is wrong, nothing is imported and every bad line is
              printed as FILE:LINE: problem [line]. Then the files are read again and
              stored, a batch at a time, as one change: DNS answers all of it or
              none of it. With H2, more entries than palisade.imports.transaction-
              entries (200000) are stored in transactions of that many, so the heap
              holds one of them: DNS still answers none of the import until the last
              has committed. If the import stops after one of them (exit code 4),
              what they stored stays and DNS answers it; run the same import again
              to complete it.
              Entries already listed stay; entries in the files are added, or updated
              if they differ, and entries already exactly so are not written at all:
              running the same import again changes nothing, and takes a fraction of
              the time. A value given twice keeps its first line, as in rbldnsd.
              Files must be UTF-8 text and may be gzip-compressed (recognised by
              their content, whatever their name). Reasons must be printable ASCII:
              mail servers quote them in their SMTP replies. There is no limit on the
              size of the files here (the web UI and the REST API have
              palisade.imports.*), and memory does not grow with them.
              A progress line is printed to standard error while entries are
              stored.
      export  writes what one zone answers as an rbldnsd data file, for rbldnsd
              mirrors fed by rsync: --list=block with ip4set, ip4trie or ip6trie is
              the bl zone, with dnset the dbl zone; --list=allow the wl and dwl zones.
              A mail server's export includes its account's entries. Written to
              --output, or to standard output.

      --account=ACCOUNT  the account's short name (slug), e.g. demo
      --server=SERVER    one mail server of the account, e.g. mx1
      --list=LIST        block, allow or exclude (import only)
      --format=FORMAT    the files' format, see below
      --create           create the account and the mail server if they do not exist
      --output=FILE      export: write to FILE, replaced in one step, instead of
                         standard output

      Formats for import (the web UI's bulk add and the REST API's import take the
      same):
        lines     one entry per line: an IPv4 or IPv6 address or network
                  (192.0.2.1, 198.51.100.0/24, 2001:db8::/48) or a domain name
                  (example.com for the name itself, .example.com for it and its
                  subdomains, *.example.com for its subdomains only), then
                  optionally a reason: the TXT answer, $ standing for the address or
                  domain looked up. Lines starting with # are comments.
        csv       value,reason,return code,expires, for example
                    192.0.2.7,"Spam trap hit, twice",127.0.0.3,2030-01-31T12:00:00Z
                  Only the value is required; an empty return code means the list's
                  default (127.0.0.2 unless configured otherwise), an empty expiry
                  never. A first line starting with "value" is a header. A reason
                  with a comma goes in double quotes.
        ip4set, ip4trie, ip6trie, ip6tset, dnset
                  rbldnsd data files of that dataset type, with their :A:TXT values
                  and $SOA, $NS, $TTL lines (read, but Palisade serves its own SOA
                  and NS). An exclusion (!192.0.2.1) in a block list becomes an
                  allow entry, and the other way round.
        combined  an rbldnsd combined file: sections starting with
                    $DATASET TYPE[:NAME] @
                  where TYPE is ip4set, ip4trie, ip6trie, ip6tset or dnset, each
                  followed by its lines. Every section must serve the base zone (@):
                  addresses go to the list's bl or wl zone, names to its dbl or dwl
                  zone. Other dataset types (generic, acl) and other subzones are
                  refused with their line number; import such a section from a file
                  of its own into the list that serves it.

      Formats for export: ip4set, ip4trie, ip6trie, dnset; for IPv4, ip4trie is the
      exact one for rbldnsd mirrors.

      The database is the one Palisade is configured with: application.yml next to
      the jar, environment variables, or options on this command line such as
      --spring.datasource.url=... and --spring.profiles.active=postgres. The
      embedded H2 database can be opened by one process at a time: stop Palisade
      first, or import through the REST API while it runs:
        curl -X POST -H "Authorization: Bearer $TOKEN" \\
          -H "Content-Type: text/plain" --data-binary @spam.txt \\
          "localhost:8080/api/v1/accounts/ACCOUNT/import?format=lines&list=block"
      With PostgreSQL, running Palisade nodes answer what an import adds within a
      second: they follow the database's change feed.

      Exit codes: 0 done, 1 a file has bad lines or is broken gzip (nothing imported),
      2 wrong usage or unknown account or server, 3 other errors (database
      unreachable or in use, unreadable file).
      """;

  private static final Actor ACTOR = Actor.system("command-line");

  private ZoneFileCommand() {}

  /** Whether the arguments ask for a command rather than the server. */
  public static boolean isCommand(String[] args) {
    return CommandOptions.isCommand(args);
  }

  /** Runs the command and returns the process exit code. */
  public static int run(Class<?> application, String[] args) {
    return run(application, args, System.out, System.err);
  }

  static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
    CommandOptions options;
    try {
      options = CommandOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("palisade: " + e.getMessage());
      err.println("Try 'java -jar palisade.jar --help'.");
      return USAGE;
    }
    if (options.command == Command.HELP) {
      out.print(USAGE_TEXT);
      return OK;
    }
    for (Path file : options.files) {
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        err.println("palisade: cannot read " + file);
        return FAILED;
      }
    }
    boolean toStdout = options.command == Command.EXPORT && options.output == null;
    ConfigurableApplicationContext context;
    try {
      context = start(application, options.springArgs, toStdout);
    } catch (RuntimeException e) {
      err.println("palisade: cannot open the database: " + databaseProblem(e));
      return FAILED;
    }
    String command = options.command.name().toLowerCase(Locale.ROOT);
    try (context) {
      Accounts accounts = context.getBean(Accounts.class);
      Imports imports = context.getBean(Imports.class);
      CheckedImport checked = null;
      if (options.command == Command.IMPORT) {
        // Check the files before creating anything, so a bad file leaves no trace.
        List<ImportSource> sources = new ArrayList<>();
        options.files.forEach(file -> sources.add(ImportSource.of(file)));
        checked = imports.check(ImportSpec.of(options.list, options.importFormat), sources);
        if (!checked.ok()) {
          report(checked.read(), err);
          return BAD_DATA;
        }
      }
      long scopeId = scope(accounts, options, err);
      if (scopeId < 0) {
        return USAGE;
      }
      return checked != null
          ? importFiles(imports, scopeId, checked, options, out, err)
          : exportZone(context.getBean(ZoneFileExport.class), scopeId, options, out, err);
    } catch (UnreadableImportException e) {
      err.println("palisade: " + e.getMessage());
      return BAD_DATA;
    } catch (IOException | RuntimeException e) {
      err.println("palisade: " + command + " failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static ConfigurableApplicationContext start(
      Class<?> application, List<String> springArgs, boolean quiet) {
    // As arguments, since application.yml turns the sample import on and outranks defaults.
    List<String> arguments = new ArrayList<>();
    arguments.add("--palisade.samples.import-on-empty=false");
    arguments.add("--palisade.dns.enabled=false");
    arguments.addAll(springArgs);
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put("logging.level.root", "WARN");
    defaults.put("logging.level.org.flywaydb", "ERROR");
    if (quiet) {
      // The export goes to standard output, where Spring Boot also logs: keep it clean.
      defaults.put("logging.threshold.console", "OFF");
    }
    return new SpringApplicationBuilder(application)
        .web(WebApplicationType.NONE)
        .bannerMode(Banner.Mode.OFF)
        .logStartupInfo(false)
        .properties(defaults)
        .run(arguments.toArray(String[]::new));
  }

  private static long scope(Accounts accounts, CommandOptions options, PrintStream err) {
    Account account;
    try {
      account = accounts.accountBySlug(options.account);
    } catch (NotFoundException e) {
      if (!options.create) {
        err.println(
            "palisade: account '" + options.account + "' does not exist (--create creates it)");
        return -1;
      }
      account = accounts.createAccount(options.account, null, ACTOR);
    }
    if (options.server == null) {
      return accounts.accountScope(account.getId()).id();
    }
    MailServer server;
    try {
      server = accounts.serverByName(account.getId(), options.server);
    } catch (NotFoundException e) {
      if (!options.create) {
        err.println(
            "palisade: account '"
                + options.account
                + "' has no mail server '"
                + options.server
                + "' (--create creates it)");
        return -1;
      }
      server = accounts.createServer(account.getId(), options.server, ACTOR);
    }
    return accounts.serverScope(server.getId()).id();
  }

  private static void report(ReadImport read, PrintStream err) {
    for (ZoneFileException file : read.failures()) {
      for (ZoneFileIssue issue : file.errors()) {
        err.println(issue);
      }
      if (file.errorCount() > file.errors().size()) {
        err.println(
            file.fileName()
                + ": ... and "
                + (file.errorCount() - file.errors().size())
                + " more bad lines");
      }
    }
    err.println("palisade: " + read.errorCount() + " bad line(s); nothing was imported");
  }

  private static int importFiles(
      Imports imports,
      long scopeId,
      CheckedImport checked,
      CommandOptions options,
      PrintStream out,
      PrintStream err)
      throws IOException {
    ImportResult result;
    ProgressLine progress = new ProgressLine(err);
    try {
      result = imports.storeChecked(scopeId, checked, EntrySource.IMPORT, ACTOR, true, progress);
    } catch (ImportException e) {
      progress.end();
      err.println("palisade: " + e.getMessage());
      return BAD_DATA;
    } catch (PartlyStoredException e) {
      progress.end();
      err.println("palisade: import " + e.getMessage());
      return PARTLY_STORED;
    }
    progress.end();
    for (ZoneFileIssue warning : result.warnings()) {
      err.println("warning: " + warning);
    }
    out.println(
        "imported "
            + result.entries()
            + " entries from "
            + result.files().size()
            + (result.files().size() == 1 ? " file" : " files")
            + " into the "
            + options.list.name().toLowerCase(Locale.ROOT)
            + " list of "
            + options.scopeName()
            + ": "
            + result.created()
            + " new, "
            + result.updated()
            + " updated, "
            + result.unchanged()
            + " unchanged"
            + (result.repeated() == 0
                ? ""
                : ", " + result.repeated() + " repeated (the first line of a value counts)")
            + (result.warningCount() == 0 ? "" : "; " + result.warningCount() + " warning(s)"));
    return OK;
  }

  private static int exportZone(
      ZoneFileExport export, long scopeId, CommandOptions options, PrintStream out, PrintStream err)
      throws IOException {
    if (options.output == null) {
      Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      export.export(scopeId, options.list, options.exportFormat, writer);
      writer.flush();
      return OK;
    }
    Path temporary = options.output.resolveSibling(options.output.getFileName() + ".tmp");
    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      export.export(scopeId, options.list, options.exportFormat, writer);
    }
    // Replace in one step, so an rsync of the directory never picks up half a file.
    Files.move(
        temporary,
        options.output,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    err.println("exported " + options.scopeName() + " to " + options.output);
    return OK;
  }

  private static String databaseProblem(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    if (message.contains("already in use") || message.contains("locked by another process")) {
      return "it is in use by a running Palisade. Stop Palisade first, or import through the"
          + " REST API while it runs.";
    }
    return message.lines().findFirst().orElse(message);
  }
}
