#!/usr/bin/env bash
# Image pipeline benchmark: time and peak memory per 12-MP photo. Not a test; compare figures by hand.
# Usage: bench/images/run.sh [iterations=5] [width=4000] [height=3000]
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet run -c Release --project ImagesBench.csproj -- "$@"
