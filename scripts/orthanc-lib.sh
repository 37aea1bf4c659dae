# Sourced by scripts/pacs-demo and scripts/bench-pacs: a local Orthanc on
# loopback with resources/pacs/orthanc.json merged into a configuration of
# its own (free ports, one user, storage in a temporary folder).
#   orthanc_start DIR USER PASSWORD  -> sets ORTHANC_HTTP, ORTHANC_DICOM, ORTHANC_PID
#   orthanc_upload FILE...           -> POST /instances
#   orthanc_stop
free_port() {
  # A port nothing listens on, from the ephemeral range.
  local port
  while :; do
    port=$(( 20000 + RANDOM % 30000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

orthanc_start() {
  local dir="$1" user="$2" password="$3"
  ORTHANC_HTTP=$(free_port)
  ORTHANC_DICOM=$(free_port)
  ORTHANC_USER="$user"
  ORTHANC_PASSWORD="$password"
  mkdir -p "$dir/storage"
  # The fragment is one JSON object: drop its closing brace and add ours.
  {
    sed '$ s/}[[:space:]]*$//' resources/pacs/orthanc.json | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
    cat <<JSON
  ,"Name": "tgc-local", "HttpPort": $ORTHANC_HTTP, "DicomPort": $ORTHANC_DICOM,
  "StorageDirectory": "$dir/storage", "IndexDirectory": "$dir/storage",
  "RemoteAccessAllowed": false, "AuthenticationEnabled": true,
  "RegisteredUsers": {"$user": "$password"},
  "DicomModalities": {"tgc": ["TGC_ANNOTATOR", "127.0.0.1", $(free_port)]},
  "LimitFindResults": 0, "LimitFindInstances": 0
}
JSON
  } >"$dir/orthanc.json"
  Orthanc "$dir/orthanc.json" >"$dir/orthanc.log" 2>&1 &
  ORTHANC_PID=$!
  for _ in $(seq 100); do
    if curl -sf -u "$user:$password" "http://127.0.0.1:$ORTHANC_HTTP/system" >/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "Orthanc did not start; its log: $dir/orthanc.log" >&2
  tail -20 "$dir/orthanc.log" >&2
  return 1
}

orthanc_upload() {
  local f
  for f in "$@"; do
    curl -sf -u "$ORTHANC_USER:$ORTHANC_PASSWORD" -H 'Content-Type: application/dicom' \
      --data-binary "@$f" "http://127.0.0.1:$ORTHANC_HTTP/instances" >/dev/null ||
      { echo "upload of $f failed" >&2; return 1; }
  done
}

orthanc_stop() {
  if [ -n "${ORTHANC_PID:-}" ] && kill -0 "$ORTHANC_PID" 2>/dev/null; then
    kill "$ORTHANC_PID"
    wait "$ORTHANC_PID" 2>/dev/null || true
  fi
}
