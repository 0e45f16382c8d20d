using System.Globalization;
using System.Text.Json;
using PortalBench;

// bench/run.sh calls "run"; the other commands let each part run alone (see bench/README.md).
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "run" when args.Length == 2:
    {
        var paths = new BenchPaths(Path.GetFullPath(args[1]));
        var results = await Runner.RunAsync(paths, BenchSettings.FromEnvironment());
        await File.WriteAllTextAsync(Path.Combine(paths.Out, "results.json"), JsonSerializer.Serialize(results, Json.Options));
        Directory.CreateDirectory(Path.GetDirectoryName(paths.ResultsFile)!);
        await File.WriteAllTextAsync(paths.ResultsFile, Report.Markdown(results));
        Runner.Log($"wrote {Path.GetRelativePath(paths.Repository, paths.ResultsFile)} and {Path.GetRelativePath(paths.Repository, Path.Combine(paths.Out, "results.json"))}");
        return 0;
    }

    case "report" when args.Length == 2:
    {
        // Rewrites latest.md from the last run's results.json (after changing the report, not the figures).
        var paths = new BenchPaths(Path.GetFullPath(args[1]));
        var results = JsonSerializer.Deserialize<BenchResults>(await File.ReadAllTextAsync(Path.Combine(paths.Out, "results.json")), Json.Options)!;
        await File.WriteAllTextAsync(paths.ResultsFile, Report.Markdown(results));
        return 0;
    }

    case "circuits" when args.Length is 4 or 5:
    {
        // Only the memory-per-page measurement: a quick loop while working on a page's weight (bench/README.md).
        var paths = new BenchPaths(Path.GetFullPath(args[1]));
        var tickets = int.Parse(args[2], CultureInfo.InvariantCulture);
        var info = DatasetGenerator.ReadInfo(paths.Database(tickets));
        if (info is null)
        {
            Directory.CreateDirectory(paths.Data);
            info = await DatasetGenerator.GenerateAsync(paths.Database(tickets), tickets, CancellationToken.None);
        }

        var copy = Path.Combine(paths.Out, "run", "circuits-only", "portal.db");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(paths.Database(tickets), copy, overwrite: true);
        var page = args.Length == 5 ? args[4] : CircuitBench.TicketListPage;
        var dumps = Environment.GetEnvironmentVariable("BENCH_GCDUMP_DIR") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;
        var figures = await CircuitBench.RunAsync(paths, copy, info, int.Parse(args[3], CultureInfo.InvariantCulture), page, dumps);
        Console.WriteLine(JsonSerializer.Serialize(figures, Json.Options));
        Console.WriteLine($"{figures.KbPerCircuit} KB per circuit (managed heap), {figures.RssKbPerCircuit} KB resident set");
        return 0;
    }

    case "dataset" when args.Length == 3:
    {
        var info = await DatasetGenerator.GenerateAsync(args[2], int.Parse(args[1], CultureInfo.InvariantCulture), CancellationToken.None);
        Console.WriteLine($"{args[2]}: {info.Tickets} tickets, {info.Comments} comments in {info.Seconds} s");
        return 0;
    }

    case "pipeline" when args.Length == 3:
    {
        var figures = await ImageBench.MeasurePipelineAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        Console.WriteLine(JsonSerializer.Serialize(figures, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        return 0;
    }

    default:
        Console.Error.WriteLine("""
            usage: PortalBench run <bench-dir>                  the whole benchmark (bench/run.sh)
                   PortalBench report <bench-dir>               rewrite results/latest.md from out/results.json
                   PortalBench dataset <tickets> <file.db>      generate one dataset
                   PortalBench circuits <bench-dir> <tickets> <count> [page]   memory per open page only
                   PortalBench pipeline <photo.jpg> <count>     time the image pipeline (prints JSON)
            """);
        return 2;
}
