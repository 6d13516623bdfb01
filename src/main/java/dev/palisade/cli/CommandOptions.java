package dev.palisade.cli;

import dev.palisade.dnsbl.InvalidEntryException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.imports.ImportFormat;
import dev.palisade.zonefile.ZoneFileFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line, parsed and checked: which command, its options, its files, and the rest ({@code
 * --spring.*}, {@code --palisade.*}) passed on to Spring as configuration. Parsing never touches
 * the database, so wrong usage is reported before anything starts. Immutable once parsed.
 */
final class CommandOptions {

  /** What the command line asks for. */
  enum Command {
    HELP,
    IMPORT,
    EXPORT
  }

  /** The formats an export writes, for messages. */
  static final String EXPORT_FORMATS = ZoneFileFormat.exportNames();

  Command command;
  String account;
  String server;
  ListKind list;
  ImportFormat importFormat;
  ZoneFileFormat exportFormat;
  boolean create;
  Path output;
  final List<Path> files = new ArrayList<>();
  final List<String> springArgs = new ArrayList<>();

  private CommandOptions() {}

  /** Whether the arguments ask for a command rather than the server. */
  static boolean isCommand(String[] args) {
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

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException saying what is wrong, in the words of the command line
   */
  static CommandOptions parse(String[] args) {
    CommandOptions o = new CommandOptions();
    String name = null;
    String format = null;
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        o.command = Command.HELP;
        return o;
      }
      if (!arg.startsWith("--")) {
        if (name == null) {
          name = arg;
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
        case "list" -> o.list = list(required(key, value));
        case "format" -> format = required(key, value);
        case "create" -> o.create = true;
        case "output" -> o.output = Path.of(required(key, value));
        default -> o.springArgs.add(arg); // --spring.*, --palisade.*: configuration
      }
    }
    if (name == null || name.equals("help")) {
      o.command = Command.HELP;
      return o;
    }
    o.command =
        switch (name) {
          case "import" -> Command.IMPORT;
          case "export" -> Command.EXPORT;
          default -> throw new IllegalArgumentException("unknown command '" + name + "'");
        };
    if (o.account == null) {
      throw new IllegalArgumentException("--account is missing");
    }
    if (o.list == null) {
      throw new IllegalArgumentException("--list is missing (block, allow or exclude)");
    }
    if (o.command == Command.EXPORT && !o.list.listed()) {
      throw new IllegalArgumentException(
          "--list=exclude has no zone to export: export block or allow, whose files hold the"
              + " exclusions as '!' lines");
    }
    if (o.command == Command.IMPORT) {
      if (format == null) {
        throw new IllegalArgumentException("--format is missing (" + ImportFormat.names() + ")");
      }
      o.importFormat = ImportFormat.fromName(format);
      if (o.files.isEmpty()) {
        throw new IllegalArgumentException("no file to import");
      }
    } else {
      if (format == null) {
        throw new IllegalArgumentException("--format is missing (" + EXPORT_FORMATS + ")");
      }
      o.exportFormat = exportFormat(format);
      if (!o.files.isEmpty()) {
        throw new IllegalArgumentException("export takes no file arguments; use --output=FILE");
      }
    }
    return o;
  }

  /** {@code account} or {@code account/server}, as messages name the scope. */
  String scopeName() {
    return server == null ? account : account + "/" + server;
  }

  private static ListKind list(String value) {
    try {
      return ListKind.ofName(value);
    } catch (InvalidEntryException e) {
      throw new IllegalArgumentException(
          "--list must be block, allow or exclude, not '" + value + "'", e);
    }
  }

  private static ZoneFileFormat exportFormat(String name) {
    ZoneFileFormat format = ZoneFileFormat.find(name);
    if (format != null && format.exportable()) {
      return format;
    }
    try {
      ImportFormat.fromName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format '" + name + "'; export as " + EXPORT_FORMATS, e);
    }
    throw new IllegalArgumentException(
        "--format=" + name.strip() + " is for imports; export as " + EXPORT_FORMATS);
  }

  private static String required(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + key + " needs a value, as in --" + key + "=...");
    }
    return value;
  }
}
