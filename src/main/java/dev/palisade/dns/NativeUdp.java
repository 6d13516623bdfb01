package dev.palisade.dns;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The JNI library {@code libpalisade_udp.so} (source {@code src/main/c/palisade_udp.c}): loading it
 * once per JVM, and its functions, which only {@link NativeUdpEndpoint} and {@link
 * AnsweringPriority} call.
 *
 * <p>The build compiles the library on Linux into {@code META-INF/native/linux-<os.arch>/} of the
 * jar; it is copied to a temporary file to be loaded, because a library inside a jar cannot be.
 * When that fails — another system, no library for this architecture in the jar, a temporary
 * directory mounted {@code noexec} — {@link #unavailable()} says why, and the server uses {@link
 * NioUdpEndpoint}.
 */
final class NativeUdp {

  private static final String LIBRARY = "libpalisade_udp.so";

  /** Null once loaded, otherwise why not. */
  private static final String UNAVAILABLE = load();

  private NativeUdp() {}

  /** Why the library is not loaded, or null when it is. */
  static String unavailable() {
    return UNAVAILABLE;
  }

  private static String load() {
    String os = System.getProperty("os.name", "");
    if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
      return "it is built for Linux only, this is " + os;
    }
    String resource = "/META-INF/native/linux-" + System.getProperty("os.arch") + "/" + LIBRARY;
    try (InputStream in = NativeUdp.class.getResourceAsStream(resource)) {
      if (in == null) {
        return "the application has no " + resource + " (built without gcc, or for another CPU)";
      }
      Path file = Files.createTempFile("palisade_udp", ".so");
      try {
        Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        System.load(file.toAbsolutePath().toString());
      } finally {
        // Linux keeps a loaded library mapped after its file is gone.
        Files.deleteIfExists(file);
      }
      return null;
    } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
      return "loading " + resource + " failed: " + e;
    }
  }

  /**
   * Opens a UDP socket with SO_REUSEPORT and the given receive buffer, binds it, and sets up a
   * batch of {@code batch} datagrams whose bytes live in fixed slots of the two direct buffers.
   *
   * @param address 4 or 16 bytes; an IPv6 socket also takes IPv4 (IPV6_V6ONLY off)
   * @param scope the IPv6 scope id, 0 for none
   * @return the handle of the socket and its batch, for the other functions
   * @throws IOException naming the step that failed and the system's error
   */
  static native long open(
      byte[] address,
      int scope,
      int port,
      int receiveBuffer,
      ByteBuffer queries,
      int querySlot,
      ByteBuffer answers,
      int answerSlot,
      int batch)
      throws IOException;

  /**
   * One blocking {@code recvmmsg} with MSG_WAITFORONE, retried on EINTR: waits for one datagram,
   * takes those already queued along, and records their senders. Datagram {@code i} is in query
   * slot {@code i}, its length in {@code lengths[i]}; a length above the slot means it was cut. Its
   * sender's address is in {@code senders[2i]} and {@code senders[2i+1]}: the high and low 64 bits
   * of an IPv6 address, an IPv4 sender as {@code ::ffff:a.b.c.d}.
   *
   * @return how many datagrams arrived, at least 1; after {@link #shutdown} one of length 0
   */
  static native int receive(long handle, int[] lengths, long[] senders) throws IOException;

  /**
   * One {@code sendmmsg} of the first {@code count} answer slots to the senders of the last
   * receive, skipping those whose length is negative; continues past a datagram that fails.
   *
   * @return how many answers could not be sent
   */
  static native int send(long handle, int count, int[] lengths);

  /** Shuts the socket down, which wakes a thread blocked in {@link #receive}; keeps it open. */
  static native void shutdown(long handle);

  /** Closes the socket, releasing its port, and frees the handle. Call once, when unused. */
  static native void close(long handle);

  /** The calling thread's id as Linux knows it (the numbers under {@code /proc/self/task}). */
  static native int threadId();

  /**
   * Sets the nice value of one thread of this process ({@code setpriority}, which Linux applies per
   * thread).
   *
   * @return 0, or the system's error number (ESRCH: the thread has ended; EACCES: lowering needs
   *     CAP_SYS_NICE)
   */
  static native int setNice(int tid, int nice);
}
