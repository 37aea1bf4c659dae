#!/bin/sh
# Runs a command with a Secret Service of its own: a private D-Bus session
# and gnome-keyring with a fresh login keyring in a temporary home, so the
# test neither needs nor touches the user's keychain.
set -eu
home=$(mktemp -d /tmp/tgc-keyring.XXXXXX)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
status=0
# The daemon leaves with the session bus.
dbus-run-session -- sh -c '
  printf "tgc-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' keyring "$@" || status=$?
exit $status
