#!/usr/bin/env bash
# The portal's speed and scale, measured the same way every time: writes bench/results/latest.md.
# Figures, not tests: nothing here fails CI, and ./test.sh never builds it. How each figure is taken: bench/README.md.
# Shorter or longer runs: BENCH_SECONDS, BENCH_SIZES, ... (see the README).
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$bench")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
started=$SECONDS

if [ "$(nproc --all)" -lt 2 ]; then
  echo "The benchmark pins the server and the load generator to different cores: it needs two." >&2
  exit 1
fi

# Debian packages the harness drives: wrk (HTTP load), vipsthumbnail (the image baseline), GNU time (its
# peak memory), taskset (core pinning) and Chromium (open Blazor pages).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v vipsthumbnail >/dev/null || missing+=(libvips-tools)
[ -x /usr/bin/time ] || missing+=(time)
command -v taskset >/dev/null || missing+=(util-linux)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "Installing ${missing[*]} (apt-get)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

echo "Publishing the app (Release) to bench/out/app..."
dotnet publish "$repo/CommunityPortal" -c Release -o "$bench/out/app" -v quiet -nologo
echo "Building the harness to bench/out/tool..."
dotnet build "$bench/PortalBench" -c Release -o "$bench/out/tool" -v quiet -nologo

# The harness, and so wrk and Chromium which it starts, stays on core 1; it starts the app on core 0.
taskset -c 1 "$bench/out/tool/PortalBench" run "$bench"
# The e-mail sender's throughput to a loopback SMTP server: results/mail.md.
BENCH_COMMIT="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || true)" taskset -c 0 "$bench/out/tool/PortalBench" mail "$bench"
echo "bench/run.sh took $((SECONDS - started)) s"
