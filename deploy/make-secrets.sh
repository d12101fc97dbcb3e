#!/usr/bin/env sh
# Creates the secrets compose.yaml reads (random values), leaving any that exist alone.
set -eu
dir="$(cd "$(dirname "$0")" && pwd)/secrets"
# The directory is private to you; the files must be readable by the containers' own users
# (compose mounts them as they are).
mkdir -p "$dir" && chmod 700 "$dir"
for name in pg_password mqtt_password jwt_secret grafana_admin_password; do
  if [ ! -s "$dir/$name" ]; then
    head -c 48 /dev/urandom | base64 | tr -d '/+=\n' > "$dir/$name"
    chmod 644 "$dir/$name"
    echo "created $dir/$name"
  fi
done
