package dev.palisade.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL server, as far as the first message goes, that refuses every login the way a real
 * one refuses a wrong password: an {@code ErrorResponse} with the SQLSTATE and message it is given
 * (the shared test server trusts every login, so it cannot say that). Declines SSL and GSS
 * encryption requests first, as a server without them does. Thread-safe; close it to stop.
 */
public final class RefusingPostgres implements AutoCloseable {

  private static final int SSL_REQUEST = 80877103;
  private static final int GSS_REQUEST = 80877104;

  private final ServerSocket server;
  private final byte[] refusal;
  private final Thread thread;

  /** Listens on {@code port} of 127.0.0.1 (0: any free port). */
  public RefusingPostgres(int port, String sqlState, String message) throws IOException {
    this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    this.refusal = errorResponse(sqlState, message);
    this.thread = new Thread(this::serve, "refusing-postgres");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        client.setSoTimeout(10_000);
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        while (true) {
          int length = in.readInt();
          int code = in.readInt();
          in.skipNBytes(length - 8);
          if (code == SSL_REQUEST || code == GSS_REQUEST) {
            out.write('N');
            out.flush();
            continue;
          }
          out.write(refusal);
          out.flush();
          break;
        }
      } catch (SocketException e) {
        // closed
      } catch (IOException e) {
        // the client went away; take the next one
      }
    }
  }

  /** A FATAL {@code ErrorResponse} message (protocol 3.0). */
  private static byte[] errorResponse(String sqlState, String message) {
    ByteArrayOutputStream fields = new ByteArrayOutputStream();
    field(fields, 'S', "FATAL");
    field(fields, 'V', "FATAL");
    field(fields, 'C', sqlState);
    field(fields, 'M', message);
    fields.write(0);
    byte[] body = fields.toByteArray();
    return ByteBuffer.allocate(1 + 4 + body.length)
        .put((byte) 'E')
        .putInt(4 + body.length)
        .put(body)
        .array();
  }

  private static void field(ByteArrayOutputStream out, char type, String value) {
    out.write(type);
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
