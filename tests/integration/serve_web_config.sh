#!/usr/bin/env bash
# tcpdoc serve --web-config: HTTPS with a certificate the test makes
# (openssl), basic auth with bcrypt hashes (libcrypt, through python3's
# crypt), checked with curl and scraped by a real Prometheus; SIGHUP
# reloads the web config and the thresholds, keeps the old ones when the
# new are bad; bad web configs at start: one line, exit 3.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

for c in openssl curl prometheus python3; do
	command -v "$c" >/dev/null || tap_die "$c not installed (scripts/deps.sh installs it)"
done
PORT=10127
PROM=9090

dl_up
dl_start close-wait 25 8080
ns_add srv
SRV=$NS
D=$DL_DIR/web
mkdir -p "$D"
SV_LOG=$D/serve.log
: >"$SV_LOG"

# mkcert NAME: NAME.pem and NAME.key, self-signed for 127.0.0.1.
mkcert() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj "/CN=tcpdoc test $1" -addext "subjectAltName=IP:127.0.0.1" \
		-keyout "$D/$1.key" -out "$D/$1.pem" 2>/dev/null || tap_die "openssl could not make $1"
}
# bcrypt PASSWORD: a $2b$ hash (cost 4: the test checks the format, not the cost).
bcrypt() {
	python3 -W ignore -c 'import crypt, sys
print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))' "$1"
}
mkcert one
mkcert two
mkcert other
alice=$(bcrypt 'alice pass')
bob=$(bcrypt 'bob:pass')
bob=\$2y\$${bob#\$2b\$}
alice2=$(bcrypt 'new pass')

# Relative paths: relative to the config file, wherever serve runs from.
cat >"$D/web.yml" <<YML
# exporter-toolkit's format
tls_server_config:
  cert_file: one.pem
  key_file: $D/one.key
basic_auth_users:
  alice: '$alice'
  bob: '$bob'
YML
: >"$D/tcpdoc.conf"

SV_SCHEME=https
SV_CURL=(--cacert "$D/one.pem")
pushd "$DL_DIR" >/dev/null || tap_die "no $DL_DIR"
sv_start "$SRV" "$PORT" -N "$DL_NS" --interval 0 --config "$D/tcpdoc.conf" --web-config web/web.yml
popd >/dev/null || tap_die "popd"
grep -q "serving metrics on https://127.0.0.1:$PORT/metrics" "$SV_LOG"
check "serve says it serves https"

out=$D/out
hdr=$D/headers
sv_get "$SRV" "$PORT" /metrics "$out" -D "$hdr"
expect_eq "$SV_CODE" 401 "HTTPS without a password: 401"
grep -qi '^WWW-Authenticate: Basic realm="tcpdoc"' "$hdr"
check "401 says WWW-Authenticate: Basic"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:alice pass'
expect_eq "$SV_CODE" 200 "alice with her password: 200"
expect_eq "$(sv_value "$out" 'tcpdoc_finding_raised{id="close-wait-leak"}')" 1 \
	"over HTTPS: close-wait-leak raised"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'bob:bob:pass'
expect_eq "$SV_CODE" 200 "bob (a \$2y\$ hash, a ':' in the password): 200"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:alice pasS'
expect_eq "$SV_CODE" 401 "a wrong password: 401"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'mallory:alice pass'
expect_eq "$SV_CODE" 401 "an unknown user: 401"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:'
expect_eq "$SV_CODE" 401 "an empty password: 401"
sv_get "$SRV" "$PORT" / "$out"
expect_eq "$SV_CODE" 401 "/ without a password: 401"
sv_get "$SRV" "$PORT" /-/healthy "$out"
expect_eq "$SV_CODE" 200 "/-/healthy stays open to probes: 200"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:alice pass' --cacert "$D/other.pem"
expect_eq "$SV_CODE" 000 "a client trusting another certificate refuses serve's"
code=$(ip netns exec "$SRV" curl -s -o /dev/null -w '%{http_code}' -u 'alice:alice pass' \
	"http://127.0.0.1:$PORT/metrics")
[[ $code != 200 ]]
check "plain HTTP to the HTTPS port is not served ($code)"

# A real Prometheus scrapes over TLS with basic_auth; a job with a wrong
# password is refused.
cat >"$D/prometheus.yml" <<YML
# Prometheus's default timeout: a collection on a loaded machine may
# take more than a second.
global:
  scrape_interval: 10s
  scrape_timeout: 10s
scrape_configs:
  - job_name: tcpdoc
    scheme: https
    tls_config:
      ca_file: $D/one.pem
    basic_auth:
      username: alice
      password: 'alice pass'
    static_configs:
      - targets: ['127.0.0.1:$PORT']
  - job_name: intruder
    scheme: https
    tls_config:
      ca_file: $D/one.pem
    basic_auth:
      username: alice
      password: guess
    static_configs:
      - targets: ['127.0.0.1:$PORT']
YML
sv_prometheus "$SRV" "$PROM" "$D/prometheus.yml" "$D"
prom_pid=$SV_PROM
query() { sv_query "$1"; }
for ((i = 0; i < 300; i++)); do
	[[ $(query 'up{job="tcpdoc"}') == 1 && -n $(query 'up{job="intruder"}') ]] && break
	kill -0 "$prom_pid" 2>/dev/null || break
	sleep 0.1
done
expect_eq "$(query 'up{job="tcpdoc"}')" 1 "Prometheus scrapes serve over TLS with basic_auth" ||
	tail -n 5 "$D/prometheus.log" | sed 's/^/# /'
expect_eq "$(query 'tcpdoc_finding_raised{job="tcpdoc",id="close-wait-leak"}')" 1 \
	"Prometheus over TLS: close-wait-leak raised"
expect_eq "$(query 'up{job="intruder"}')" 0 "Prometheus with a wrong password: up == 0"
kill -TERM "$prom_pid"
wait "$prom_pid"

# hup N: SIGHUP, then wait for serve's Nth line about a reload.
hup() {
	local i
	kill -HUP "$SV_PID"
	for ((i = 0; i < 100; i++)); do
		(($(grep -c 'reload' "$SV_LOG") >= $1)) && return 0
		sleep 0.05
	done
	return 1
}
served_cert() {
	ip netns exec "$SRV" openssl s_client -connect "127.0.0.1:$PORT" </dev/null 2>/dev/null |
		openssl x509 -noout -fingerprint -sha256
}
fp_one=$(openssl x509 -in "$D/one.pem" -noout -fingerprint -sha256)
fp_two=$(openssl x509 -in "$D/two.pem" -noout -fingerprint -sha256)
expect_eq "$(served_cert)" "$fp_one" "serve presents one.pem"

# A new password, a new certificate and new thresholds, for the next request.
sed -i "s|one.pem|two.pem|; s|$D/one.key|two.key|; s|'$alice'|'$alice2'|" "$D/web.yml"
echo 'close_wait_warn = 1000' >"$D/tcpdoc.conf"
hup 1
check "SIGHUP: serve reloads"
expect_eq "$(grep -c . "$SV_LOG")" 2 "a reload is one line on stderr"
expect_eq "$(served_cert)" "$fp_two" "after SIGHUP serve presents two.pem"
SV_CURL=(--cacert "$D/two.pem")
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:alice pass'
expect_eq "$SV_CODE" 401 "after SIGHUP alice's old password: 401"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:new pass'
expect_eq "$SV_CODE" 200 "after SIGHUP alice's new password: 200"
expect_eq "$(sv_value "$out" 'tcpdoc_finding_raised{id="close-wait-leak"}')" 0 \
	"after SIGHUP close_wait_warn = 1000: close-wait-leak not raised"

# Bad files: the old settings stay, one line says why.
cp "$D/web.yml" "$D/web.good"
printf 'tls_server_config:\n  cert_file: two.pem\n  key_file: two.key\n  min_version: TLS13\n' >"$D/web.yml"
echo 'close_wait_warn = many' >"$D/tcpdoc.conf"
hup 2
check "SIGHUP with a bad web config and bad thresholds: one more line"
expect_eq "$(grep -c . "$SV_LOG")" 3 "a failed reload is one line on stderr"
grep -q "reload failed, the previous settings stay: .*tcpdoc.conf:1" "$SV_LOG"
check "the line names the bad thresholds file"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:new pass'
expect_eq "$SV_CODE" 200 "after a bad reload the previous password still works"
expect_eq "$(sv_value "$out" 'tcpdoc_finding_raised{id="close-wait-leak"}')" 0 \
	"after a bad reload the previous thresholds stay (close-wait-leak: 0)"
expect_eq "$(sv_value "$out" tcpdoc_collection_success)" 1 "and collections succeed"
echo >"$D/tcpdoc.conf"
hup 3
grep -q "min_version" "$SV_LOG"
check "a bad web config alone is refused too, named by its key"
expect_eq "$(served_cert)" "$fp_two" "after a bad reload serve still presents two.pem"
printf 'basic_auth_users:\n  alice: %s\n' "'$alice2'" >"$D/web.yml"
hup 4
grep -q "turning TLS off needs a restart" "$SV_LOG"
check "TLS cannot be turned off by SIGHUP: said, and the old config stays"
sv_get "$SRV" "$PORT" /metrics "$out" -u 'alice:new pass'
expect_eq "$SV_CODE" 200 "still HTTPS with the last good config"
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "SIGTERM over HTTPS: exit 0"
SV_SCHEME=http
SV_CURL=()

# Bad web configs at start: one line, exit 3, nothing listens.
w() {
	printf -- "$2" >"$D/$1.yml"
	bad_input "serve --web-config: $3" ip netns exec "$SRV" "$TCPDOC" serve \
		--listen "127.0.0.1:$PORT" --interval 0 --config /dev/null --web-config "$D/$1.yml"
}
bad_input "serve --web-config missing" ip netns exec "$SRV" "$TCPDOC" serve \
	--listen "127.0.0.1:$PORT" --interval 0 --config /dev/null --web-config "$D/none.yml"
bad_input "serve --web-config a directory" "$TCPDOC" serve --listen "127.0.0.1:$PORT" \
	--interval 0 --config /dev/null --web-config "$D"
bad_input "serve --web-config /dev/zero" "$TCPDOC" serve --listen "127.0.0.1:$PORT" \
	--interval 0 --config /dev/null --web-config /dev/zero
mkfifo "$D/fifo.yml"
bad_input "serve --web-config a FIFO (never waited on)" timeout 10 "$TCPDOC" serve \
	--listen "127.0.0.1:$PORT" --interval 0 --config /dev/null --web-config "$D/fifo.yml"
head -c 100000 /dev/zero | tr '\0' '#' >"$D/huge.yml"
bad_input "serve --web-config of 100 kB" "$TCPDOC" serve --listen "127.0.0.1:$PORT" \
	--interval 0 --config /dev/null --web-config "$D/huge.yml"
w yaml 'basic_auth_users: [\n' "not YAML"
w list '- a\n- b\n' "a list, not a mapping"
w unknown 'http_server_config:\n  http2: false\n' "an unknown key"
w two '---\na: 1\n---\nb: 2\n' "two documents"
w nokey 'tls_server_config:\n  cert_file: one.pem\n' "a certificate without its key"
w mismatch 'tls_server_config:\n  cert_file: one.pem\n  key_file: two.key\n' "a key of another certificate"
w notcert 'tls_server_config:\n  cert_file: one.key\n  key_file: one.key\n' "a key as the certificate"
w nocert 'tls_server_config:\n  cert_file: gone.pem\n  key_file: one.key\n' "a missing certificate"
w plainpw 'basic_auth_users:\n  alice: secret\n' "a plain-text password"
w md5pw 'basic_auth_users:\n  alice: $1$abc$0123456789012345678901\n' "an MD5-crypt hash"
w twice "basic_auth_users:\n  alice: '$alice'\n  alice: '$alice2'\n" "a user given twice"
bad_input_says "serve --web-config: the line of the bad key is named" "unknown.yml:1: " \
	ip netns exec "$SRV" "$TCPDOC" serve --listen "127.0.0.1:$PORT" --interval 0 \
	--config /dev/null --web-config "$D/unknown.yml"

# An empty web config is plain HTTP without authentication, as in exporter-toolkit.
: >"$D/empty.yml"
sv_start "$SRV" "$PORT" -N "$DL_NS" --interval 0 --config /dev/null --web-config "$D/empty.yml"
sv_get "$SRV" "$PORT" /metrics "$out"
expect_eq "$SV_CODE" 200 "an empty web config: plain HTTP, no password"
sv_stop "$SV_PID"
