package dev.palisade.zonefile;

import dev.palisade.account.Account;
import dev.palisade.account.Accounts;
import dev.palisade.account.MailServer;
import dev.palisade.audit.Actor;
import dev.palisade.common.NotFoundException;
import dev.palisade.dnsbl.ListKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The command line: {@code java -jar palisade.jar import|export ...}. Runs one import or export
 * against the configured database and exits, without the DNS server or the web server. Called from
 * {@code main} before Spring starts; not a bean.
 *
 * <p>Exit codes: 0 done; 1 a file has bad lines (nothing was imported); 2 wrong usage, or the
 * account or mail server does not exist; 3 anything else (database unreachable or in use, a file
 * unreadable).
 */
public final class ZoneFileCommand {

  static final int OK = 0;
  static final int BAD_DATA = 1;
  static final int USAGE = 2;
  static final int FAILED = 3;

  static final String USAGE_TEXT =
      """
      Usage:
        java -jar palisade.jar import --account=ACCOUNT [--server=SERVER] --list=block|allow
                                      --format=FORMAT [--create] FILE...
        java -jar palisade.jar export --account=ACCOUNT [--server=SERVER] --list=block|allow
                                      --format=FORMAT [--output=FILE]
        java -jar palisade.jar --help

      import  reads block or allow lists in rbldnsd's data file formats into the lists of an
              account (all of its mail servers see them) or of one mail server (--server). All
              files are read first; if any line of any file is wrong, nothing is imported and
              every bad line is printed with its file and line number. Entries already listed
              stay; entries in the files are added, or updated if they exist. An exclusion
              (!192.0.2.1) in a block list becomes an allow entry, and the other way round.
              Files may be gzip-compressed. A combined file's datasets must all serve its
              base zone (@): IP datasets feed the list's addresses, dnset its domain names.
      export  writes what one zone answers as an rbldnsd data file, for rbldnsd mirrors fed by
              rsync: --list=block with ip4set, ip4trie or ip6trie is the bl zone, with dnset the
              dbl zone; --list=allow the wl and dwl zones. A mail server's export includes its
              account's entries. Written to --output, or to standard output.

      --account=ACCOUNT  the account's slug, e.g. demo
      --server=SERVER    one mail server of the account, e.g. mx1
      --list=LIST        block or allow
      --format=FORMAT    ip4set, ip4trie (IPv4), ip6trie, ip6tset (IPv6), dnset (domain
                         names) or combined (several of these, import only; ip6tset too);
                         ip4trie is the exact one for exports to rbldnsd
      --create           import: create the account and mail server if they do not exist
      --output=FILE      export: write to FILE instead of standard output

      The database is the one Palisade is configured with (application.yml next to the jar,
      environment, or --spring.datasource.url=... and --spring.profiles.active=postgres on
      this command line). The embedded H2 database can be opened by one process at a time:
      stop Palisade first, or import through the REST API
      (POST /api/v1/accounts/ACCOUNT/import?format=ip4set&list=block) while it runs. With
      PostgreSQL, restart running Palisade nodes after a command-line import so they load it.

      Exit codes: 0 done, 1 a file has bad lines (nothing imported), 2 wrong usage or unknown
      account or server, 3 other errors (database unreachable or in use, unreadable file).
      """;

  private static final Actor ACTOR = Actor.system("command-line");

  private ZoneFileCommand() {}

  /** Whether the arguments ask for a command rather than the server. */
  public static boolean isCommand(String[] args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return true;
      }
      if (!arg.startsWith("-")) {
        return arg.equals("import") || arg.equals("export") || arg.equals("help");
      }
    }
    return false;
  }

  /** Runs the command and returns the process exit code. */
  public static int run(Class<?> application, String[] args) {
    return run(application, args, System.out, System.err);
  }

  static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("palisade: " + e.getMessage());
      err.println("Try 'java -jar palisade.jar --help'.");
      return USAGE;
    }
    if (options.command.equals("help")) {
      out.print(USAGE_TEXT);
      return OK;
    }
    for (Path file : options.files) {
      if (!Files.isReadable(file) || Files.isDirectory(file)) {
        err.println("palisade: cannot read " + file);
        return FAILED;
      }
    }
    boolean toStdout = options.command.equals("export") && options.output == null;
    ConfigurableApplicationContext context;
    try {
      context = start(application, options.springArgs, toStdout);
    } catch (RuntimeException e) {
      err.println("palisade: cannot open the database: " + databaseProblem(e));
      return FAILED;
    }
    try (context) {
      Accounts accounts = context.getBean(Accounts.class);
      ZoneFileImports imports = context.getBean(ZoneFileImports.class);
      ZoneFileImports.ReadFiles read = null;
      if (options.command.equals("import")) {
        // Read the files before creating anything, so a bad file leaves no trace.
        List<ZoneFileImports.Source> sources = new ArrayList<>();
        options.files.forEach(file -> sources.add(ZoneFileImports.Source.of(file)));
        try {
          read = imports.read(options.list, options.format, sources);
        } catch (ImportException e) {
          report(e, err);
          return BAD_DATA;
        }
      }
      long scopeId = scope(accounts, options, err);
      if (scopeId < 0) {
        return USAGE;
      }
      return read != null
          ? importFiles(imports, scopeId, read, options, out, err)
          : exportZone(context.getBean(ZoneFileExport.class), scopeId, options, out, err);
    } catch (IOException | RuntimeException e) {
      err.println("palisade: " + options.command + " failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static ConfigurableApplicationContext start(
      Class<?> application, List<String> springArgs, boolean quiet) {
    // As an argument, since application.yml turns the sample import on and outranks defaults.
    List<String> arguments = new ArrayList<>();
    arguments.add("--palisade.samples.import-on-empty=false");
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
        // No DNS server in command mode: remove its bean before anything can start it.
        .initializers(
            context ->
                context.addBeanFactoryPostProcessor(
                    beanFactory -> {
                      BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
                      if (registry.containsBeanDefinition("dnsServer")) {
                        registry.removeBeanDefinition("dnsServer");
                      }
                    }))
        .run(arguments.toArray(String[]::new));
  }

  private static long scope(Accounts accounts, Options options, PrintStream err) {
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

  private static void report(ImportException e, PrintStream err) {
    for (ZoneFileException file : e.files()) {
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
    err.println("palisade: " + e.errorCount() + " bad line(s); nothing was imported");
  }

  private static int importFiles(
      ZoneFileImports imports,
      long scopeId,
      ZoneFileImports.ReadFiles read,
      Options options,
      PrintStream out,
      PrintStream err) {
    ImportResult result = imports.store(scopeId, read, ACTOR);
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
            + (result.warningCount() == 0 ? "" : "; " + result.warningCount() + " warning(s)"));
    return OK;
  }

  private static int exportZone(
      ZoneFileExport export, long scopeId, Options options, PrintStream out, PrintStream err)
      throws IOException {
    if (options.output == null) {
      Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      export.export(scopeId, options.list, options.format, writer);
      writer.flush();
      return OK;
    }
    Path temporary = options.output.resolveSibling(options.output.getFileName() + ".tmp");
    try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
      export.export(scopeId, options.list, options.format, writer);
    }
    // Replace in one step, so an rsync of the directory never picks up half a file.
    Files.move(
        temporary,
        options.output,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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

  /** The parsed command line: our options, and the rest passed on to Spring. */
  private static final class Options {
    String command;
    String account;
    String server;
    ListKind list;
    ZoneFileFormat format;
    boolean create;
    Path output;
    final List<Path> files = new ArrayList<>();
    final List<String> springArgs = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      for (String arg : args) {
        if (arg.equals("--help") || arg.equals("-h")) {
          o.command = "help";
          return o;
        }
        if (!arg.startsWith("--")) {
          if (o.command == null) {
            o.command = arg;
          } else {
            o.files.add(Path.of(arg));
          }
          continue;
        }
        int eq = arg.indexOf('=');
        String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        String value = eq < 0 ? null : arg.substring(eq + 1);
        switch (key) {
          case "account" -> o.account = required(key, value);
          case "server" -> o.server = required(key, value);
          case "list" ->
              o.list =
                  switch (required(key, value).toLowerCase(Locale.ROOT)) {
                    case "block" -> ListKind.BLOCK;
                    case "allow" -> ListKind.ALLOW;
                    default ->
                        throw new IllegalArgumentException(
                            "--list must be block or allow, not '" + value + "'");
                  };
          case "format" -> o.format = ZoneFileFormat.fromName(required(key, value));
          case "create" -> o.create = true;
          case "output" -> o.output = Path.of(required(key, value));
          default -> o.springArgs.add(arg); // --spring.*, --palisade.*: configuration
        }
      }
      if (o.command == null || o.command.equals("help")) {
        o.command = "help";
        return o;
      }
      if (!o.command.equals("import") && !o.command.equals("export")) {
        throw new IllegalArgumentException("unknown command '" + o.command + "'");
      }
      if (o.account == null) {
        throw new IllegalArgumentException("--account is missing");
      }
      if (o.list == null) {
        throw new IllegalArgumentException("--list is missing (block or allow)");
      }
      if (o.format == null) {
        throw new IllegalArgumentException(
            "--format is missing (ip4set, ip4trie, ip6trie, ip6tset, dnset or combined)");
      }
      if (o.command.equals("export") && !o.format.exportable()) {
        throw new IllegalArgumentException(
            "--format="
                + o.format
                + " is for imports; export as ip4set, ip4trie, ip6trie or dnset");
      }
      if (o.command.equals("import") && o.files.isEmpty()) {
        throw new IllegalArgumentException("no file to import");
      }
      if (o.command.equals("export") && !o.files.isEmpty()) {
        throw new IllegalArgumentException("export takes no file arguments; use --output=FILE");
      }
      return o;
    }

    String scopeName() {
      return server == null ? account : account + "/" + server;
    }

    private static String required(String key, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("--" + key + " needs a value, as in --" + key + "=...");
      }
      return value;
    }
  }
}
