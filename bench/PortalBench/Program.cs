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

    case "mail" when args.Length is 2 or 3:
    {
        // The e-mail sender's throughput to a loopback SMTP server; the figure goes to results/mail.md.
        var paths = new BenchPaths(Path.GetFullPath(args[1]));
        var count = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2000;
        var load = MachineInfo.LoadAverage();
        var figures = await MailBench.RunAsync(paths, count);
        var commit = Environment.GetEnvironmentVariable("BENCH_COMMIT") ?? "";
        var markdown = $"""
            # E-mail sender throughput

            `bench/out/tool/PortalBench mail bench {count}` ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(commit.Length > 0 ? $", commit `{commit}`" : "")},
            {Environment.ProcessorCount} cores, load average at start {load}, at end {MachineInfo.LoadAverage()}).

            The app's `OutboxSender` (claim each row with a conditional UPDATE, build the MIME message, send with MailKit over
            one SMTP connection, mark it sent) on a fresh SQLite database, delivering to an SMTP server on loopback (the
            SmtpServer package, in the same process): {figures.Emails} notification-sized e-mails (text + HTML, threading and
            unsubscribe headers) queued, then one pass sends them all.

            | e-mails | seconds | e-mails per second | received by the server |
            |---:|---:|---:|---:|
            | {figures.Emails} | {figures.Seconds.ToString(CultureInfo.InvariantCulture)} | **{figures.EmailsPerSecond.ToString(CultureInfo.InvariantCulture)}** | {figures.Received} |
            """;
        Directory.CreateDirectory(Path.Combine(paths.Root, "results"));
        await File.WriteAllTextAsync(Path.Combine(paths.Root, "results", "mail.md"), markdown + "\n");
        Console.WriteLine(markdown);
        return 0;
    }

    default:
        Console.Error.WriteLine("""
            usage: PortalBench run <bench-dir>                  the whole benchmark (bench/run.sh)
                   PortalBench report <bench-dir>               rewrite results/latest.md from out/results.json
                   PortalBench dataset <tickets> <file.db>      generate one dataset
                   PortalBench circuits <bench-dir> <tickets> <count> [page]   memory per open page only
                   PortalBench pipeline <photo.jpg> <count>     time the image pipeline (prints JSON)
                   PortalBench mail <bench-dir> [count]          the e-mail sender's throughput (results/mail.md)
            """);
        return 2;
}
