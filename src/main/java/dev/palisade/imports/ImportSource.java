package dev.palisade.imports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One input of an import: a name for messages and a way to open its bytes. The bytes may be plain
 * UTF-8 or gzip-compressed UTF-8; the import tells them apart by gzip's magic bytes, whatever the
 * name says.
 */
public interface ImportSource {

  /** Names the input in errors and warnings, e.g. a file's path. */
  String name();

  /** Opens the input's bytes; the caller closes the stream. May be called more than once. */
  InputStream open() throws IOException;

  /** A file on disk, named by its path. */
  static ImportSource of(Path file) {
    return new ImportSource() {
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

  /** A file on disk named otherwise in messages, e.g. an upload saved under a temporary name. */
  static ImportSource named(String name, Path file) {
    return new ImportSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  /** Bytes already in memory, e.g. a request body or an upload. */
  static ImportSource of(String name, byte[] bytes) {
    return new ImportSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  /** Text already in memory, e.g. lines pasted into a form; read as its UTF-8 bytes. */
  static ImportSource ofText(String name, String text) {
    return of(name, (text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
  }
}
