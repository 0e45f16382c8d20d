using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace PortalBench;

/// <summary>
/// The published app (Release, Production settings) on loopback, pinned to one core, on its own copy of a
/// database. Start-up time is from launching the process to the first 200 from /healthz.
/// </summary>
internal sealed class AppServer : IAsyncDisposable
{
    private readonly Process process;

    private readonly Stream log;
    private readonly Task copying;

    private AppServer(Process process, Stream log, Task copying, Uri baseUri, TimeSpan startup)
    {
        this.process = process;
        this.log = log;
        this.copying = copying;
        BaseUri = baseUri;
        Startup = startup;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri BaseUri { get; }

    public TimeSpan Startup { get; }

    public int ProcessId => process.Id;

    public HttpClient Client { get; }

    /// <summary>Starts the app on <paramref name="database"/> (which it owns for the run) and waits for /healthz.</summary>
    public static async Task<AppServer> StartAsync(
        BenchPaths paths, string database, string logName, IDictionary<string, string>? extraEnvironment = null)
    {
        var port = FreePort();
        var baseUri = new Uri($"http://127.0.0.1:{port}");
        var log = Path.Combine(paths.Out, "logs", logName + ".log");
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        // taskset execs the app, so the process id is the app's own (the heap probe and /proc need it).
        var start = new ProcessStartInfo("taskset")
        {
            ArgumentList = { "-c", Cpus.Server, Path.Combine(paths.App, "CommunityPortal"), "--urls", baseUri.ToString() },
            WorkingDirectory = paths.App,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Default"] = $"Data Source={database}",
            ["Storage__UploadsRoot"] = Path.Combine(Path.GetDirectoryName(database)!, "uploads"),
            // The bench signs in a few accounts many times over a run; the defaults (20 and 10 a minute) are for people.
            ["RateLimiting__Login__PerAddressPerMinute"] = "100000",
            ["RateLimiting__Login__PerAccountPerMinute"] = "100000",
        };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var watch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        // Unbuffered, so SqlInspector reads each log line as soon as the app has written it.
        var output = new FileStream(log, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        var copying = Task.WhenAll(
            process.StandardOutput.BaseStream.CopyToAsync(output),
            CopyAndCloseAsync(process.StandardError.BaseStream, Path.ChangeExtension(log, ".stderr.log")));
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {process.ExitCode} before /healthz answered; see {log}.");
            }

            try
            {
                using var response = await probe.GetAsync(new Uri(baseUri, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but busy starting.
            }

            if (watch.Elapsed > TimeSpan.FromMinutes(2))
            {
                process.Kill();
                throw new TimeoutException($"/healthz did not answer 200 within two minutes; see {log}.");
            }

            await Task.Delay(5);
        }

        return new AppServer(process, output, copying, baseUri, watch.Elapsed);
    }

    /// <summary>A bearer token from POST /api/auth/login.</summary>
    public async Task<string> LoginAsync(string email, string password)
    {
        using var response = await Client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Json.Options);
        return token?.AccessToken ?? throw new InvalidOperationException($"No token for {email}.");
    }

    /// <summary>Resident set size of the app, from /proc (kB → bytes).</summary>
    public long ResidentSetBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            // SIGTERM: the app shuts down as in production (closes circuits, checkpoints the WAL).
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        await copying;
        await log.DisposeAsync();
        process.Dispose();
    }

    private static async Task CopyAndCloseAsync(Stream from, string path)
    {
        await using var to = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        await from.CopyToAsync(to);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record TokenResponse(string AccessToken);
}

/// <summary>The server gets core 0; everything that measures it (wrk, Chromium, this tool) stays on core 1.</summary>
internal static class Cpus
{
    public const string Server = "0";
    public const string Client = "1";
}
