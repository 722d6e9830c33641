#!/usr/bin/env bash
# Prepares the Firebase emulator suite to run offline and exports what firebase-tools needs.
#
# firebase-tools downloads the Firestore and Pub/Sub emulators on first use; without internet that
# download fails. The Google Cloud CLI ships both emulators as Debian packages, so when they are
# installed we point firebase-tools at them (FIRESTORE_EMULATOR_BINARY_PATH and
# PUBSUB_EMULATOR_BINARY_PATH). firebase-tools starts the Firestore emulator as `java -jar PATH`
# and the packaged jar has no Main-Class, so we build a tiny launcher jar whose manifest names the
# main class and puts the real jar on its class path. firebase-tools also refuses Java < 21, so we
# look for a Java 21+ and put it first on PATH.
#
# Source this file. On return EMULATOR_SUITE_READY is 1, or 0 with EMULATOR_SUITE_MISSING_REASON
# explaining in one sentence why no Firestore emulator can run on this machine.

EMULATOR_SUITE_READY=0
EMULATOR_SUITE_MISSING_REASON=''
EMULATOR_CACHE_DIR="${EMULATOR_CACHE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache/emulators}"

java_major_version() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

find_java_21_plus() {
  local candidate major
  for candidate in "${JAVA_HOME:-}/bin/java" $(command -v java 2>/dev/null) /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major="$(java_major_version "$candidate")"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      dirname "$(dirname "$(readlink -f "$candidate")")"
      return 0
    fi
  done
  return 1
}

gcloud_sdk_root() {
  if command -v gcloud >/dev/null 2>&1; then
    gcloud info --format='value(installation.sdk_root)' 2>/dev/null && return 0
  fi
  [ -d /usr/lib/google-cloud-sdk ] && echo /usr/lib/google-cloud-sdk
}

prepare_firestore_launcher() {
  local real_jar="$1" java_home="$2" workdir
  mkdir -p "$EMULATOR_CACHE_DIR"
  cp -f "$real_jar" "$EMULATOR_CACHE_DIR/cloud-firestore-emulator.jar"
  workdir="$(mktemp -d)"
  printf 'Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\nClass-Path: cloud-firestore-emulator.jar\n' >"$workdir/manifest.txt"
  "$java_home/bin/jar" --create --file "$EMULATOR_CACHE_DIR/firestore-launcher.jar" \
    --manifest "$workdir/manifest.txt" >/dev/null
  rm -rf "$workdir"
  echo "$EMULATOR_CACHE_DIR/firestore-launcher.jar"
}

prepare_emulator_suite() {
  local java_home sdk_root firestore_jar pubsub_launcher
  java_home="$(find_java_21_plus)" || {
    EMULATOR_SUITE_MISSING_REASON='no Java 21 or newer found (firebase-tools refuses older Java for the emulators)'
    return
  }
  export JAVA_HOME="$java_home"
  export PATH="$java_home/bin:$PATH"

  sdk_root="$(gcloud_sdk_root)"
  firestore_jar="$sdk_root/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"
  if [ -z "$sdk_root" ] || [ ! -f "$firestore_jar" ]; then
    if compgen -G "$HOME/.cache/firebase/emulators/cloud-firestore-emulator-*.jar" >/dev/null; then
      EMULATOR_SUITE_READY=1 # firebase-tools downloaded its own copy earlier
      return
    fi
    EMULATOR_SUITE_MISSING_REASON='no Firestore emulator on this machine: the Google Cloud CLI package google-cloud-cli-firestore-emulator is not installed and firebase-tools cannot download its own without internet'
    return
  fi
  export FIRESTORE_EMULATOR_BINARY_PATH
  FIRESTORE_EMULATOR_BINARY_PATH="$(prepare_firestore_launcher "$firestore_jar" "$java_home")"

  pubsub_launcher="$sdk_root/platform/pubsub-emulator/bin/cloud-pubsub-emulator"
  if [ -x "$pubsub_launcher" ]; then
    mkdir -p "$EMULATOR_CACHE_DIR/pubsub"
    cp -rf "$sdk_root/platform/pubsub-emulator/." "$EMULATOR_CACHE_DIR/pubsub/"
    export PUBSUB_EMULATOR_BINARY_PATH="$EMULATOR_CACHE_DIR/pubsub/bin/cloud-pubsub-emulator"
  fi
  EMULATOR_SUITE_READY=1
}

prepare_emulator_suite
