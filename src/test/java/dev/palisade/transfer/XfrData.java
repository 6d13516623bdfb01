package dev.palisade.transfer;

import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.listing.EntryDraft;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A seeded data set for comparing secondaries with Palisade: an account's and a mail server's
 * entries over IPv4 networks of many lengths with holes both ways, IPv6 networks on and off nibble
 * boundaries, exact, {@code .domain} and {@code *.domain} names with exceptions; and the names to
 * ask about (listed, unlisted, network edges, holes, IPv6, domains, RFC 5782 test points).
 */
final class XfrData {

  private final Random random;
  final List<EntryDraft> account = new ArrayList<>();
  final List<EntryDraft> server = new ArrayList<>();

  /** IPv4 and IPv6 networks and domain values of both scopes, for the query names. */
  private final List<int[]> ip4 = new ArrayList<>(); // {address, prefix}

  private final List<BigInteger[]> ip6 = new ArrayList<>(); // {address, prefix}
  private final List<String> domains = new ArrayList<>();

  /**
   * Names whose TXT is compared, of the account's entries and of the mail server's: single
   * addresses (reversed) and exact domains.
   */
  final Set<String> accountExact = new LinkedHashSet<>();

  final Set<String> serverExact = new LinkedHashSet<>();

  XfrData(long seed) {
    random = new Random(seed);
    generate();
  }

  private void generate() {
    List<int[]> blocked = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int prefix = pick(16, 20, 22, 24, 24, 25, 27, 29, 32, 32);
      int address = (10 << 24) | (random.nextInt(1 << 12) << 12) | random.nextInt(1 << 12);
      int[] n = ip4(account, ListKind.BLOCK, address, prefix);
      if (prefix < 32) {
        blocked.add(n);
      }
    }
    for (int i = 0; i < 30; i++) {
      int[] in = blocked.get(random.nextInt(blocked.size()));
      ip4(account, ListKind.ALLOW, inside(in), pick(32, 32, 30));
    }
    List<int[]> allowed = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      int address = (172 << 24) | (16 << 16) | random.nextInt(1 << 20);
      int prefix = pick(24, 28, 32, 23);
      int[] n = ip4(account, ListKind.ALLOW, address, prefix);
      if (prefix < 32) {
        allowed.add(n);
      }
    }
    for (int i = 0; i < 10; i++) {
      ip4(account, ListKind.BLOCK, inside(allowed.get(random.nextInt(allowed.size()))), 32);
    }
    // The mail server: its own blocks, holes in the account's blocks, blocks in its allows.
    for (int i = 0; i < 30; i++) {
      int address = (10 << 24) | random.nextInt(1 << 24);
      ip4(server, ListKind.BLOCK, address, pick(24, 26, 32));
    }
    for (int i = 0; i < 12; i++) {
      ip4(server, ListKind.ALLOW, inside(blocked.get(random.nextInt(blocked.size()))), 32);
    }
    for (int i = 0; i < 6; i++) {
      ip4(server, ListKind.BLOCK, inside(allowed.get(random.nextInt(allowed.size()))), 32);
    }
    List<BigInteger[]> blocked6 = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      int prefix = pick(48, 56, 62, 64, 126, 128);
      BigInteger address =
          new BigInteger("20010db8", 16).shiftLeft(96).or(new BigInteger(96, random));
      BigInteger[] n = ip6(i % 3 == 0 ? server : account, ListKind.BLOCK, address, prefix);
      if (prefix < 128) {
        blocked6.add(n);
      }
    }
    for (int i = 0; i < 8; i++) {
      BigInteger[] in = blocked6.get(random.nextInt(blocked6.size()));
      ip6(account, ListKind.ALLOW, inside(in), 128);
    }
    for (int i = 0; i < 80; i++) {
      String name = "d" + i + "." + pickText("example", "spam.example", "mail.example.org");
      String form = pickText("", ".", "*.", ".");
      domain(i % 4 == 0 ? server : account, ListKind.BLOCK, form + name);
      if (form.equals(".") && random.nextInt(3) == 0) {
        domain(account, ListKind.ALLOW, "ok." + name); // an exception below a blocked name
      }
    }
    for (int i = 0; i < 30; i++) {
      domain(
          i % 5 == 0 ? server : account,
          ListKind.ALLOW,
          pickText("", ".", "*.") + "good" + i + ".example.net");
    }
  }

  private int[] ip4(List<EntryDraft> scope, ListKind kind, int address, int prefix) {
    int network = prefix == 0 ? 0 : address & (int) (0xffffffffL << (32 - prefix));
    String text = ip4Text(network) + (prefix == 32 ? "" : "/" + prefix);
    scope.add(draft(kind, text));
    int[] n = {network, prefix};
    ip4.add(n);
    if (prefix == 32) {
      exact(scope).add(reversed4(network));
    }
    return n;
  }

  private BigInteger[] ip6(List<EntryDraft> scope, ListKind kind, BigInteger address, int prefix) {
    BigInteger mask =
        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE.shiftLeft(128 - prefix));
    BigInteger network = address.and(mask);
    String text = ip6Text(network) + (prefix == 128 ? "" : "/" + prefix);
    scope.add(draft(kind, text));
    BigInteger[] n = {network, BigInteger.valueOf(prefix)};
    ip6.add(n);
    if (prefix == 128) {
      exact(scope).add(reversed6(network));
    }
    return n;
  }

  private void domain(List<EntryDraft> scope, ListKind kind, String text) {
    scope.add(draft(kind, text));
    String bare =
        text.startsWith("*.") ? text.substring(2) : text.startsWith(".") ? text.substring(1) : text;
    domains.add(bare);
    if (!text.startsWith(".") && !text.startsWith("*.")) {
      exact(scope).add(bare);
    }
  }

  private Set<String> exact(List<EntryDraft> scope) {
    return scope == account ? accountExact : serverExact;
  }

  /** The names whose TXT a zone of the account ({@code server} false) or its mail server gives. */
  Set<String> exactNames(boolean server) {
    Set<String> names = new LinkedHashSet<>(accountExact);
    if (server) {
      names.addAll(serverExact);
    }
    return names;
  }

  private EntryDraft draft(ListKind kind, String value) {
    int code = (127 << 24) | (2 + random.nextInt(8));
    String reason =
        switch (random.nextInt(3)) {
          case 0 -> "Listed: $";
          case 1 -> "Static reason " + random.nextInt(1000);
          default -> null;
        };
    return new EntryDraft(kind, EntryValue.parse(value), code, reason, null);
  }

  /** At least {@code count} reversed IPv4 and IPv6 names (without the zone) to ask about. */
  List<String> addressNames(int count) {
    Set<String> names = new LinkedHashSet<>();
    names.add("2.0.0.127");
    names.add("1.0.0.127");
    names.add(reversed6(new BigInteger("ffff7f000002", 16)));
    names.add(reversed6(new BigInteger("ffff7f000001", 16)));
    for (int[] n : ip4) {
      long first = n[0] & 0xffffffffL;
      long last = first + (1L << (32 - n[1])) - 1;
      for (long a : new long[] {first, last, first - 1, last + 1, first + 1, last - 1}) {
        if (a >= 0 && a <= 0xffffffffL) {
          names.add(reversed4((int) a));
        }
      }
      names.add(reversed4(inside(n)));
      names.add(reversed4(inside(n)));
    }
    for (BigInteger[] n : ip6) {
      BigInteger size = BigInteger.ONE.shiftLeft(128 - n[1].intValue());
      BigInteger last = n[0].add(size).subtract(BigInteger.ONE);
      names.add(reversed6(n[0]));
      names.add(reversed6(last));
      names.add(reversed6(last.add(BigInteger.ONE)));
      names.add(reversed6(n[0].subtract(BigInteger.ONE)));
      names.add(reversed6(inside(n)));
    }
    while (names.size() < count) {
      int which = random.nextInt(10);
      if (which < 6) {
        int[] n = ip4.get(random.nextInt(ip4.size()));
        long size = 1L << (32 - n[1]);
        long span = Math.min(2 * size + 2, 1 << 20);
        long near = (n[0] & 0xffffffffL) - 1 + (long) (random.nextDouble() * span);
        if (near >= 0 && near <= 0xffffffffL) {
          names.add(reversed4((int) near));
        }
      } else if (which < 8) {
        names.add(reversed4((10 << 24) | random.nextInt(1 << 24)));
      } else {
        BigInteger[] n = ip6.get(random.nextInt(ip6.size()));
        names.add(reversed6(n[0].add(BigInteger.valueOf(random.nextInt(1 << 16)))));
      }
    }
    return new ArrayList<>(names);
  }

  /** At least {@code count} domain names to ask about. */
  List<String> domainNames(int count) {
    Set<String> names = new LinkedHashSet<>();
    names.add("test");
    names.add("invalid");
    for (String d : domains) {
      names.add(d);
      names.add("a." + d);
      names.add("x.y." + d);
      names.add(d.substring(d.indexOf('.') + 1));
      names.add("ok." + d);
    }
    while (names.size() < count) {
      String d = domains.get(random.nextInt(domains.size()));
      names.add(
          switch (random.nextInt(4)) {
            case 0 -> "r" + random.nextInt(100000) + "." + d;
            case 1 -> "r" + random.nextInt(1000) + ".q" + random.nextInt(100) + "." + d;
            case 2 -> "d" + random.nextInt(200) + ".example";
            default -> "n" + random.nextInt(100000) + ".example.com";
          });
    }
    return new ArrayList<>(names);
  }

  private int inside(int[] n) {
    int size = n[1] == 32 ? 1 : 1 << Math.min(31, 32 - n[1]);
    return n[0] + (size <= 1 ? 0 : random.nextInt(size));
  }

  private BigInteger inside(BigInteger[] n) {
    int bits = 128 - n[1].intValue();
    return bits == 0 ? n[0] : n[0].add(new BigInteger(bits, random));
  }

  private int pick(int... values) {
    return values[random.nextInt(values.length)];
  }

  private String pickText(String... values) {
    return values[random.nextInt(values.length)];
  }

  static String ip4Text(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }

  static String reversed4(int a) {
    return (a & 0xff) + "." + ((a >>> 8) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + (a >>> 24);
  }

  static String ip6Text(BigInteger a) {
    String hex = String.format("%032x", a);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i > 0) {
        text.append(':');
      }
      text.append(hex, 4 * i, 4 * i + 4);
    }
    return EntryValue.parse(text.toString()).canonical();
  }

  static String reversed6(BigInteger a) {
    String hex = String.format("%032x", a);
    StringBuilder name = new StringBuilder();
    for (int i = 31; i >= 0; i--) {
      name.append(hex.charAt(i));
      if (i > 0) {
        name.append('.');
      }
    }
    return name.toString();
  }
}
