#!/bin/sh
# Makes the class archive of the packaged service (the uber-jar that `mvn package` writes) with a training run: the
# service starts in polling mode, as in production, against a Bot API emulator on loopback (the same jar in a second
# JVM, bot.mode=off with its built-in emulator, so that the archive holds what a production start loads), drains a
# backlog of text messages with the bot's handlers (it waits until the service has handled them all, whatever the bot
# answers), and is stopped with SIGTERM; at that exit the JVM writes what it learned:
# - ARCHIVE ending in .jsa (JDK 17 and later): an AppCDS archive of every class it loaded
#   (-XX:ArchiveClassesAtExit); start with -XX:SharedArchiveFile=ARCHIVE;
# - ARCHIVE ending in .aot (JDK 25 and later): an AOT cache (-XX:AOTCacheOutput, JEP 514): those classes loaded and
#   linked, plus the method profiles of the run; start with -XX:AOTCache=ARCHIVE.
# A later start maps those classes instead of reading, parsing and verifying them: README "Run it in a small
# container" has the figures.
#
#   docker/app-cds.sh target/telegram-bot-service-runner.jar target/app-cds.jsa
#   java -XX:SharedArchiveFile=target/app-cds.jsa -jar target/telegram-bot-service-runner.jar
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java docker/app-cds.sh target/telegram-bot-service-runner.jar target/app.aot
#   /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:AOTCache=target/app.aot -jar target/telegram-bot-service-runner.jar
#
# The archive is valid only for the JVM that wrote it and the jar at the same path with the same size and time:
# make it where the service runs (docker/Dockerfile.jvm does it while building the image), and again after every
# build. A JVM that cannot use an archive says so in one warning line and starts without it.
#
# Nothing leaves the machine: the token is a fake one, the Bot API is the emulator on 127.0.0.1. The pacing stays on
# (its classes belong in the archive) with its rates raised: at Telegram's 30 sends a second the run would take minutes.
# Environment: JAVA (default java), JAVA_OPTS (JVM options of the training run), APP_CDS_PORT (the service's port,
# default 18089; the emulator takes the next one), APP_CDS_UPDATES (messages in the backlog, default 3000). Exit code 0
# when the archive was written.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 JAR ARCHIVE" >&2
  exit 64
fi
jar=$1
archive=$2
java=${JAVA:-java}
port=${APP_CDS_PORT:-18089}
updates=${APP_CDS_UPDATES:-3000}
api="http://127.0.0.1:$port"
emulator="http://127.0.0.1:$((port + 1))"
token=123456:APP-CDS-TRAINING-fake-token
work=$(mktemp -d)
pid=
emulator_pid=
trap 'kill -9 $pid $emulator_pid 2>/dev/null; rm -rf "$work"' EXIT

case "$archive" in
  *.aot) dump="-XX:AOTCacheOutput=$archive" ;;
  *) dump="-XX:ArchiveClassesAtExit=$archive" ;;
esac
rm -f "$archive"

fail() {
  echo "app-cds: $1; the training run's output:" >&2
  cat "$work/log" >&2 2>/dev/null
  echo "app-cds: the emulator's output:" >&2
  cat "$work/emulator.log" >&2 2>/dev/null
  exit 1
}

# state NAME: a number or boolean field of the emulator's /emulator/state, empty while it does not answer
state() {
  curl -s --max-time 2 "$emulator/emulator/state" 2>/dev/null | sed -n "s/.*\"$1\":\([a-z0-9]*\).*/\1/p"
}

# The Bot API: the emulator alone (bot.mode=off touches no intake), in a JVM of its own that writes no archive.
"$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -Dbot.mode=off -Dbot.emulator.enabled=true -Dbot.token="$token" \
  -Dquarkus.shutdown.timeout=1s -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$((port + 1))" \
  -jar "$jar" > "$work/emulator.log" 2>&1 &
emulator_pid=$!
i=0
until [ -n "$(state long_poll_waiting)" ]; do
  kill -0 "$emulator_pid" 2>/dev/null || fail "the emulator exited"
  [ "$i" -ge 1200 ] && fail "the emulator did not answer in 120 s"
  sleep 0.1
  i=$((i + 1))
done

# The service, as in production but for the fake token, the emulator's address and the pacing (see above).
# shellcheck disable=SC2086
"$java" ${JAVA_OPTS:-} "$dump" \
  -Dbot.mode=polling -Dbot.token="$token" \
  -Dbot.pacing.overall=100000 -Dbot.pacing.private-chat=10000 -Dbot.pacing.group=10000 \
  -Dbot.api-url="$emulator" -Dquarkus.shutdown.timeout=1s -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" -Dbot.lock.dir="$work/locks" \
  -jar "$jar" > "$work/log" 2>&1 &
pid=$!

# await NAME VALUE SECONDS: until the field equals VALUE (or, for a number, reaches it)
await() {
  i=0
  while [ "$i" -lt $(($3 * 10)) ]; do
    kill -0 "$pid" 2>/dev/null || fail "the service exited"
    v=$(state "$1")
    case "$v" in
      "$2") return 0 ;;
      [0-9]*) [ "$v" -ge "$2" ] 2>/dev/null && return 0 ;;
    esac
    sleep 0.1
    i=$((i + 1))
  done
  fail "$1 did not reach $2 in $3 s"
}

# handled: the updates the service has handled (telegram_updates_handled_total + _failed_total at /q/metrics), empty
# while it does not answer; what the bot answers (or whether it answers at all) does not matter
handled() {
  curl -s --max-time 2 "$api/q/metrics" 2>/dev/null \
    | awk '/^telegram_updates_(handled|failed)_total/ { n += $2 } END { if (NR > 0) printf "%d", n }'
}

await long_poll_waiting true 120
curl -fsS --max-time 10 -H 'Content-Type: application/json' \
  -d "{\"count\":$updates,\"chats\":50}" "$emulator/emulator/backlog" > /dev/null || fail "the backlog was refused"
i=0
while :; do
  kill -0 "$pid" 2>/dev/null || fail "the service exited during the training run"
  n=$(handled)
  [ "${n:-0}" -ge "$updates" ] && break
  [ "$i" -ge 3000 ] && fail "the service handled ${n:-0} of the $updates training updates in 300 s (telegram_updates_handled_total at /q/metrics)"
  sleep 0.1
  i=$((i + 1))
done
kill -TERM "$pid"
wait "$pid" || true
pid=
[ -s "$archive" ] || fail "no archive was written"
echo "app-cds: $archive written ($(wc -c < "$archive") bytes) after $updates updates"
