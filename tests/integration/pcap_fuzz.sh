#!/usr/bin/env bash
# A short libFuzzer run over the capture parser and analyser (15 s), so CI
# catches a crash on hostile input. Longer runs: tests/fuzz/run.sh SECONDS.
bash "$(dirname "$0")/../fuzz/run.sh" "${TCPD_FUZZ_SECS:-15}"
