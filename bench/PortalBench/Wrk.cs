using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PortalBench;

/// <summary>What wrk measured in one run (latencies in milliseconds).</summary>
internal sealed record WrkFigures(int Connections, double Seconds, long Requests, double RequestsPerSecond,
    double P50Ms, double P90Ms, double P99Ms, double MaxMs, long Errors, long StatusErrors)
{
    public bool Clean => Errors == 0 && StatusErrors == 0;
}

/// <summary>One endpoint as wrk loads it: the path (with {id} for a random id), who asks, and what it sends.</summary>
internal sealed record Endpoint(string Key, string Label, string Path, string? Token, bool Read,
    string Method = "GET", string? Body = null, IReadOnlyList<int>? Ids = null, int ExpectedStatus = 200);

/// <summary>Runs wrk (one thread, on the client core) with bench/wrk/bench.lua and reads the figures its done() prints.</summary>
internal static class Wrk
{
    public static async Task<WrkFigures> RunAsync(BenchPaths paths, Uri baseUri, Endpoint endpoint, int connections, int seconds)
    {
        var start = new ProcessStartInfo("taskset")
        {
            ArgumentList =
            {
                "-c", Cpus.Client, "wrk", "-t1", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s",
                "-s", paths.WrkScript, baseUri.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["BENCH_PATH"] = endpoint.Path;
        start.Environment["BENCH_METHOD"] = endpoint.Method;
        start.Environment["BENCH_TOKEN"] = endpoint.Token ?? "";
        start.Environment["BENCH_BODY"] = endpoint.Body ?? "";
        start.Environment["BENCH_IDS"] = endpoint.Ids is null ? "" : string.Join(',', endpoint.Ids);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output;
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH_JSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no figures for {endpoint.Key}:\n{text}\n{await errors}");
        var raw = JsonSerializer.Deserialize<RawFigures>(line["BENCH_JSON ".Length..], Json.Options)!;
        var duration = raw.DurationUs / 1e6;
        return new WrkFigures(connections, Math.Round(duration, 2), raw.Requests, Math.Round(raw.Requests / duration, 1),
            Ms(raw.P50Us), Ms(raw.P90Us), Ms(raw.P99Us), Ms(raw.MaxUs),
            raw.ErrorsConnect + raw.ErrorsRead + raw.ErrorsWrite + raw.ErrorsTimeout, raw.ErrorsStatus);
    }

    public static async Task<string> VersionAsync()
    {
        var start = new ProcessStartInfo("wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text.Split('\n')[0].Split(" Copyright")[0].Trim();
    }

    private static double Ms(long microseconds) => Math.Round(microseconds / 1000.0, 2);

    private sealed record RawFigures(long Requests, long DurationUs, long Bytes, long P50Us, long P90Us, long P99Us, long MaxUs,
        double MeanUs, long ErrorsConnect, long ErrorsRead, long ErrorsWrite, long ErrorsStatus, long ErrorsTimeout);
}

internal static class Format
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
