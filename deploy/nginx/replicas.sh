#!/bin/sh
# Run by the nginx image's entrypoint before nginx starts (mounted into /docker-entrypoint.d/): writes the upstream's
# server lines, one per app replica of deploy/compose.yaml. Compose names replica i "<project>-app-<i>"; nginx
# resolves the names again while it runs (Docker's DNS at 127.0.0.11), so a replica that restarts with another
# address is found.
set -eu
out=${REPLICAS_CONF:-/etc/nginx/batch-norm-lab-replicas.conf}  # next to nginx.conf: the site's include finds it
echo "resolver 127.0.0.11 valid=10s ipv6=off;" > "$out"
i=1
while [ "$i" -le "$REPLICAS" ]; do
    echo "server ${PROJECT}-app-${i}:${APP_PORT} resolve max_fails=1 fail_timeout=10s;" >> "$out"
    i=$((i + 1))
done
echo "batch-norm-lab: $REPLICAS replicas in $out"
