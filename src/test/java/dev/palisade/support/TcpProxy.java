package dev.palisade.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a free loopback port in front of a real server, which a test makes fail as a
 * database host fails: {@link #cut()} closes every connection and refuses new ones (the server went
 * away), {@link #hang()} keeps connections open but passes nothing (the server or the network
 * stopped answering), {@link #restore()} passes traffic again for new connections. The server
 * behind it is never touched. Thread-safe; {@link #close()} stops it.
 */
public final class TcpProxy implements AutoCloseable {

  private enum State {
    OPEN,
    CUT,
    HUNG
  }

  private final String host;
  private final int port;
  private final ServerSocket listener;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile State state = State.OPEN;
  private volatile boolean closed;

  /** A proxy to {@code host:port}, forwarding from now on; for callers that cannot throw. */
  public static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts forwarding from a free port on 127.0.0.1 to {@code host:port}. */
  public TcpProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepting = new Thread(this::accept, "tcp-proxy-" + listener.getLocalPort());
    accepting.setDaemon(true);
    accepting.start();
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Closes every connection; new ones are closed as soon as they are accepted. */
  public void cut() {
    state = State.CUT;
    closeAll();
  }

  /** Keeps connections open but passes no byte either way; new ones are accepted and kept. */
  public void hang() {
    state = State.HUNG;
  }

  /** Closes the connections of a hang or a cut, and forwards again for new connections. */
  public void restore() {
    closeAll();
    state = State.OPEN;
  }

  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
    closeAll();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      if (state == State.CUT) {
        quietly(client);
        continue;
      }
      sockets.add(client);
      if (state == State.HUNG) {
        continue; // held open, never answered
      }
      Socket server;
      try {
        server = new Socket();
        server.connect(new InetSocketAddress(host, port), 2000);
      } catch (IOException e) {
        quietly(client);
        continue;
      }
      sockets.add(server);
      pump(client, server);
      pump(server, client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  while (state == State.HUNG && !from.isClosed()) {
                    Thread.sleep(20);
                  }
                  if (state == State.CUT) {
                    break;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // a side closed: close both
              } finally {
                quietly(from);
                quietly(to);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void closeAll() {
    for (Socket socket : sockets) {
      quietly(socket);
    }
    sockets.clear();
  }

  private void quietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
