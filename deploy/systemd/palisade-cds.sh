#!/usr/bin/env bash
# Prepares Palisade for a fast start: extracts the jar and records a class data sharing (CDS)
# archive of the classes a start loads, as Spring Boot documents it ("Class Data Sharing").
#
#   palisade-cds.sh JAR DIR [Palisade arguments...]
#
# DIR ends up holding palisade.jar, lib/ and palisade.jsa; start Palisade with
#   java -XX:SharedArchiveFile=DIR/palisade.jsa <same JVM options> -jar DIR/palisade.jar ...
# (see palisade.service). Run it once per new jar, as the service's user, with the service's
# settings as arguments and its JVM options in JAVA_OPTS (heap and GC: an archive made with other
# options may be refused, and Java then starts without it, only slower).
#
# The training run is a real start that stops once the DNS context is ready (Spring's
# -Dspring.context.exit=onRefresh): it connects to the database, migrates the schema when the new
# jar brings migrations, and reads every entry, so the archive holds the classes of everything
# that comes before the first DNS answer (reading the index file too, when the service has
# written one). It binds no port, so it can run while the old version
# is still serving; restart the service afterwards. The archive records where the jars are, so
# DIR must be the directory the service starts from; run it from the service's working directory
# (relative paths in the settings, such as the default H2 database ./data, resolve from there).
#
# Java 17 up to at least 17.0.15 can crash when a class file load hook (a Java agent, or a flight
# recording started with the JVM) meets classes of this archive that come from multi-release jars
# (JDK-8343427): drop -XX:SharedArchiveFile while such an agent is attached.
set -euo pipefail
if (($# < 2)); then
    sed -n '2,24p' "$0" >&2
    exit 2
fi
JAR=$(realpath "$1")
DIR=$2
shift 2
JAVA=${JAVA:-java}
# DIR is replaced as a whole, so it must hold nothing but what this script makes there: never the
# install directory itself, with its data or settings.
if [[ -e $DIR ]]; then
    for item in "$DIR"/* "$DIR"/.[!.]*; do
        [[ -e $item ]] || continue
        case ${item##*/} in
        palisade.jar | palisade.jsa | lib) ;;
        *)
            echo "palisade-cds.sh: $DIR holds ${item##*/}; give a directory of its own (e.g. /opt/palisade/app)" >&2
            exit 2 ;;
        esac
    done
fi
# A running Palisade keeps its open jars: removing them first (rather than overwriting them in
# place) leaves them intact for it.
rm -rf "$DIR"
mkdir -p "$DIR"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" --application-filename palisade.jar
DIR=$(realpath "$DIR")
# shellcheck disable=SC2086
"$JAVA" ${JAVA_OPTS:-} -XX:ArchiveClassesAtExit="$DIR/palisade.jsa" -Dspring.context.exit=onRefresh \
    -jar "$DIR/palisade.jar" "$@"
if [[ ! -s $DIR/palisade.jsa ]]; then
    echo "palisade-cds.sh: the training run made no archive (see its output above)" >&2
    exit 1
fi
echo "palisade-cds.sh: $DIR/palisade.jsa ready"
