/**
 * The command line: {@code java -jar palisade.jar import|export|--help}, for mail admins who keep
 * their lists in files. {@link dev.palisade.cli.ZoneFileCommand} parses the arguments, starts
 * Palisade's beans against the configured database without DNS ({@code palisade.dns.enabled=false})
 * or the web server, runs one import (through the same pipeline as the web UI and the REST API) or
 * one export, and exits with a status a script can test. {@code PalisadeApplication.main} hands it
 * every command line that names a command.
 */
package dev.palisade.cli;
