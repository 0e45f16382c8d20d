using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace PortalBench;

internal sealed record BenchPaths(string Root)
{
    public string App => Path.Combine(Root, "out", "app");
    public string Out => Path.Combine(Root, "out");
    public string Data => Path.Combine(Root, "data");
    public string ResultsFile => Path.Combine(Root, "results", "latest.md");
    public string WrkScript => Path.Combine(Root, "wrk", "bench.lua");
    public string Repository => Path.GetFullPath(Path.Combine(Root, ".."));

    public string Database(int tickets) => Path.Combine(Data, $"tickets-{tickets}.db");
}

/// <summary>Durations and counts, from BENCH_* environment variables (see bench/README.md).</summary>
internal sealed record BenchSettings(int[] Sizes, int Connections, int Seconds, int LatencySeconds, int WarmupSeconds,
    int Circuits, int ImageIterations, int StartupRuns)
{
    public static BenchSettings FromEnvironment() => new(
        (Environment.GetEnvironmentVariable("BENCH_SIZES") ?? "1000,10000,100000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
        Number("BENCH_CONNECTIONS", 32),
        Number("BENCH_SECONDS", 6),
        Number("BENCH_LATENCY_SECONDS", 2),
        Number("BENCH_WARMUP_SECONDS", 1),
        Number("BENCH_CIRCUITS", 50),
        Number("BENCH_IMAGE_ITERATIONS", 5),
        Number("BENCH_STARTUP_RUNS", 3));

    private static int Number(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

internal sealed record EndpointFigures(string Key, string Label, bool Read, WrkFigures Load, WrkFigures Single);

internal sealed record SizeFigures(int Tickets, int Comments, double StartupMs, IReadOnlyList<EndpointFigures> Endpoints)
{
    public EndpointFigures this[string key] => Endpoints.Single(e => e.Key == key);
}

internal sealed record StartupFigures(IReadOnlyList<double> EmptyMs, int Tickets, IReadOnlyList<double> LargestMs)
{
    public double EmptyMedianMs => Median(EmptyMs);

    public double LargestMedianMs => Median(LargestMs);

    private static double Median(IReadOnlyList<double> values) => values.Order().ElementAt(values.Count / 2);
}

internal sealed record BenchResults(MachineInfo Machine, BenchSettings Settings, IReadOnlyList<DatasetInfo> Datasets,
    IReadOnlyList<SizeFigures> Sizes, IReadOnlyList<SqlFigures> Sql, ImageFigures Images, StartupFigures Startup,
    CircuitFigures Circuits, double TotalSeconds);

/// <summary>The whole benchmark, in the order bench/README.md describes.</summary>
internal static class Runner
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static async Task<BenchResults> RunAsync(BenchPaths paths, BenchSettings settings)
    {
        var machine = await MachineInfo.DescribeAsync(paths);
        Log($"{machine.Cpu}, {machine.Cores} cores; commit {machine.Commit}; load average {machine.LoadAverageAtStart}");

        var datasets = new List<DatasetInfo>();
        foreach (var size in settings.Sizes)
        {
            var path = paths.Database(size);
            var info = DatasetGenerator.ReadInfo(path);
            if (info is null)
            {
                Log($"generating {size:N0} tickets into {Path.GetRelativePath(paths.Root, path)}");
                Directory.CreateDirectory(paths.Data);
                info = await DatasetGenerator.GenerateAsync(path, size, CancellationToken.None);
                Log($"  {info.Tickets:N0} tickets, {info.Comments:N0} comments in {info.Seconds} s");
            }

            datasets.Add(info);
        }

        var sizes = new List<SizeFigures>();
        foreach (var info in datasets)
        {
            sizes.Add(await RunSizeAsync(paths, settings, info));
        }

        var largest = datasets[^1];
        Log($"SQL statements per request and query plans ({largest.Tickets:N0} tickets)");
        var sql = await SqlInspector.RunAsync(paths, FreshCopy(paths, largest.Tickets, "sql"), app => Endpoints.ForAsync(app, largest));

        Log($"image pipeline vs vipsthumbnail ({settings.ImageIterations} images each)");
        var images = await ImageBench.RunAsync(paths, settings.ImageIterations);
        Log(Format.Invariant($"  pipeline {images.Pipeline.MedianMs} ms, peak {images.Pipeline.PeakRssMb} MB; vips {images.VipsMedianMs} ms, peak {images.VipsPeakRssMb} MB"));

        Log("start-up to the first /healthz 200");
        var empty = new List<double>();
        var full = new List<double>();
        for (var i = 0; i < settings.StartupRuns; i++)
        {
            empty.Add(await StartupAsync(paths, FreshPath(paths, "startup-empty")));
            full.Add(await StartupAsync(paths, FreshCopy(paths, largest.Tickets, "startup")));
        }

        var startup = new StartupFigures(empty, largest.Tickets, full);
        Log(Format.Invariant($"  empty {startup.EmptyMedianMs:F0} ms, {largest.Tickets:N0} tickets {startup.LargestMedianMs:F0} ms"));

        Log($"memory per open ticket list: {settings.Circuits} circuits ({largest.Tickets:N0} tickets)");
        var circuits = await CircuitBench.RunAsync(paths, FreshCopy(paths, largest.Tickets, "circuits"), largest, settings.Circuits);
        Log(Format.Invariant($"  {circuits.KbPerCircuit} KB of managed heap per circuit"));

        machine = machine with { LoadAverageAtEnd = MachineInfo.LoadAverage() };
        return new BenchResults(machine, settings, datasets, sizes, sql, images, startup, circuits, Math.Round(Clock.Elapsed.TotalSeconds));
    }

    private static async Task<SizeFigures> RunSizeAsync(BenchPaths paths, BenchSettings settings, DatasetInfo info)
    {
        Log($"{info.Tickets:N0} tickets: starting the app");
        await using var app = await AppServer.StartAsync(paths, FreshCopy(paths, info.Tickets, "load"), $"load-{info.Tickets}");
        var figures = new List<EndpointFigures>();
        foreach (var endpoint in await Endpoints.ForAsync(app, info))
        {
            await Requests.SendAsync(app, endpoint);
            await Wrk.RunAsync(paths, app.BaseUri, endpoint, settings.Connections, settings.WarmupSeconds);
            // wrk stops with up to 32 requests still in the server; one more request waits behind them, so the
            // next run starts on an idle server.
            await Requests.SendAsync(app, endpoint);
            var load = await Wrk.RunAsync(paths, app.BaseUri, endpoint, settings.Connections, settings.Seconds);
            await Requests.SendAsync(app, endpoint);
            var single = await Wrk.RunAsync(paths, app.BaseUri, endpoint, 1, settings.LatencySeconds);
            figures.Add(new EndpointFigures(endpoint.Key, endpoint.Label, endpoint.Read, load, single));
            Log(Format.Invariant($"  {endpoint.Label,-52} {load.RequestsPerSecond,8:F0} req/s  p50 {load.P50Ms,7:F2}  p99 {load.P99Ms,7:F2} ms   1 conn: p50 {single.P50Ms:F2} ms{(load.Clean && single.Clean ? "" : "  ERRORS")}"));
        }

        return new SizeFigures(info.Tickets, info.Comments, app.Startup.TotalMilliseconds, figures);
    }

    private static async Task<double> StartupAsync(BenchPaths paths, string database)
    {
        await using var app = await AppServer.StartAsync(paths, database, "startup");
        return Math.Round(app.Startup.TotalMilliseconds);
    }

    /// <summary>A private copy of a dataset, so every run starts from the same bytes.</summary>
    private static string FreshCopy(BenchPaths paths, int tickets, string purpose)
    {
        var path = FreshPath(paths, $"{purpose}-{tickets}");
        File.Copy(paths.Database(tickets), path);
        return path;
    }

    private static string FreshPath(BenchPaths paths, string name)
    {
        var directory = Path.Combine(paths.Out, "run", name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return Path.Combine(directory, "portal.db");
    }

    public static void Log(string message) =>
        Console.WriteLine(Format.Invariant($"[{Clock.Elapsed.TotalSeconds,5:F0} s] {message}"));
}

/// <summary>The seven requests of the issue, as a resident (vecino001) and a company administrator ask them.</summary>
internal static class Endpoints
{
    public static async Task<IReadOnlyList<Endpoint>> ForAsync(AppServer app, DatasetInfo info)
    {
        var resident = await app.LoginAsync(info.ResidentEmail, info.Password);
        var gestor = await app.LoginAsync(info.GestorEmail, info.Password);
        using var mine = new HttpRequestMessage(HttpMethod.Get, "/api/tickets/my?pageSize=200");
        mine.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", resident);
        using var response = await app.Client.SendAsync(mine);
        response.EnsureSuccessStatusCode();
        var ids = (await response.Content.ReadFromJsonAsync<List<IdOnly>>(Json.Options))!.Select(t => t.Id).ToList();

        var list = $"/api/tickets?statusId={info.ListStatusId}&page=2";
        var body = JsonSerializer.Serialize(new
        {
            categoriaTicketId = info.CategoryId,
            contenido = "Se quemó la luminaria del pasaje entre las casas 10 y 14; de noche no se ve nada.",
        });
        return
        [
            new("healthz", "GET /healthz", "/healthz", null, Read: true),
            new("ticket", "GET /api/tickets/{id}", "/api/tickets/{id}", resident, Read: true, Ids: ids),
            new("my", "GET /api/tickets/my", "/api/tickets/my", resident, Read: true),
            new("list", $"GET /api/tickets?statusId={info.ListStatus}&page=2", list, gestor, Read: true),
            new("search", $"GET /api/tickets?statusId={info.ListStatus}&page=2&q={info.Query}", $"{list}&q={info.Query}", gestor, Read: true),
            new("thread", $"GET /api/comentarios/origen/ticket/{{id}} ({info.ThreadComments})",
                $"/api/comentarios/origen/ticket/{info.ThreadTicketId}", resident, Read: true),
            new("create", "POST /api/tickets", "/api/tickets", resident, Read: false, "POST", body, ExpectedStatus: 201),
        ];
    }

    private sealed record IdOnly(int Id);
}
