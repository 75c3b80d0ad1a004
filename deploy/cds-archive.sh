#!/usr/bin/env bash
# Writes a class-data-sharing (AppCDS) archive for the service's jar: starts it once, lets it answer a few requests
# (never a task's run: this may run where a task's database is reachable), stops it, and the JVM writes down every
# class it loaded. A JVM started with -XX:SharedArchiveFile=ARCHIVE maps those classes instead of reading, parsing and
# verifying them again: the uber-jar starts in about 60 % of the time (bench/README.md). The archive is only valid for
# the same JDK build and the same jar path, so it is made where the service runs (deploy/Dockerfile.jvm makes it in
# the image).
#
#   deploy/cds-archive.sh JAR ARCHIVE [JVM flags...]
#
# The service starts with the environment it is given (by default its embedded H2 in a temporary data directory); a
# class it loads only with other settings (a PostgreSQL history, say) is read from the jar as usual. Uses
# $JAVA_HOME/bin/java when JAVA_HOME is set, else java from the PATH: the same JDK must run the service. Needs curl.
#
# Do not combine the archive with -XX:StartFlightRecording or a -javaagent at JVM start: on JDK 17.0.15 that crashed
# the JVM while it loaded archived classes (SIGSEGV in KlassFactory::check_shared_class_file_load_hook). JFR started
# later with `jcmd PID JFR.start` worked with the archive.
set -euo pipefail
jar=${1:?usage: deploy/cds-archive.sh JAR ARCHIVE [JVM flags...]}
archive=${2:?usage: deploy/cds-archive.sh JAR ARCHIVE [JVM flags...]}
shift 2
port=${CDS_TRAINING_PORT:-18099}
work=$(mktemp -d)
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
rm -f "$archive"

ORMTASK_DATA_DIR=${ORMTASK_DATA_DIR:-$work/data} PORT=$port ORMTASK_SECURITY_TOKENS="cds:operator:$token" \
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" "$@" -XX:ArchiveClassesAtExit="$archive" -jar "$jar" >"$work/service.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$port"
deadline=$((SECONDS + 120))
until curl -sf -o /dev/null "$url/q/health/ready"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "cds-archive: the service exited before it was ready:" >&2; tail -20 "$work/service.log" >&2; exit 1
  fi
  [ $SECONDS -lt $deadline ] || { echo "cds-archive: the service was not ready within 120 s" >&2; exit 1; }
  sleep 0.2
done
# What the first requests load beside the start: the dashboard and the API's reads.
auth="Authorization: Bearer $token"
for path in / /api/tasks "/api/runs?limit=5" /api/overview; do
  curl -s -o /dev/null -H "$auth" "$url$path" || true
done
kill -TERM "$pid"
wait "$pid" || true # a JVM stopped by SIGTERM exits with 143
pid=
[ -s "$archive" ] || { echo "cds-archive: no archive written; see the JVM's output:" >&2; tail -20 "$work/service.log" >&2; exit 1; }
echo "cds-archive: wrote $archive ($(du -m "$archive" | cut -f1) MB) for $jar"
