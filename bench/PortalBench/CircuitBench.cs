using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace PortalBench;

internal sealed record CircuitFigures(int Circuits, int WarmCircuits, string Page, int Tickets,
    long HeapBeforeBytes, long HeapAfterBytes, long RssBeforeBytes, long RssAfterBytes)
{
    public double KbPerCircuit => Math.Round((HeapAfterBytes - HeapBeforeBytes) / 1024.0 / Circuits, 1);

    public double RssKbPerCircuit => Math.Round((RssAfterBytes - RssBeforeBytes) / 1024.0 / Circuits, 1);
}

/// <summary>
/// Server memory per open Blazor page: headless Chromium (Debian's, driven by Playwright) signs in as
/// different residents and keeps their "Mis tickets" page open, one interactive circuit each. The app's
/// live managed heap is read after a full GC by the startup-hook probe (<see cref="StartupHook"/>) with a
/// few pages already open (so one-time costs — JIT, caches, the first circuit — are not counted), and again
/// after opening <c>circuits</c> more; the difference divided by the count is the cost of one page.
/// </summary>
internal static class CircuitBench
{
    private const int WarmCircuits = 5;
    private const int Parallel = 4;

    /// <summary>The page the benchmark measures; <c>circuits</c> can open another (see bench/README.md).</summary>
    public const string TicketListPage = "/tickets";

    public static async Task<CircuitFigures> RunAsync(BenchPaths paths, string database, DatasetInfo info, int circuits,
        string path = TicketListPage, string? dumps = null)
    {
        var probe = Path.Combine(paths.Out, "heap-probe");
        if (Directory.Exists(probe))
        {
            Directory.Delete(probe, recursive: true);
        }

        Directory.CreateDirectory(probe);
        await using var app = await AppServer.StartAsync(paths, database, "circuits", new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = Path.Combine(AppContext.BaseDirectory, "PortalBench.dll"),
            ["BENCH_HEAP_PROBE_DIR"] = probe,
        });

        using var playwright = await Playwright.CreateAsync();
        // Chromium inherits this tool's affinity: it runs on the client core, away from the server.
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-renderer-backgrounding",
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
        });

        var pages = new List<IPage>();
        // Resident 1 is the API benchmark's user; the pages belong to residents 2, 3, 4...
        pages.AddRange(await OpenManyAsync(browser, app.BaseUri, info, 2, WarmCircuits, path));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = await HeapAsync(probe);
        var rssBefore = app.ResidentSetBytes();
        await GcDumpAsync(app, dumps, "before");

        pages.AddRange(await OpenManyAsync(browser, app.BaseUri, info, 2 + WarmCircuits, circuits, path));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var after = await HeapAsync(probe);
        var rssAfter = app.ResidentSetBytes();
        await GcDumpAsync(app, dumps, "after");

        // Every page must still be live for the figure to mean "per open page".
        foreach (var page in pages)
        {
            await page.GetByTestId("app-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 5000 });
        }

        foreach (var page in pages)
        {
            await page.Context.CloseAsync();
        }

        var label = path == TicketListPage ? "/tickets (Mis tickets, 10 a page)" : path;
        return new CircuitFigures(circuits, WarmCircuits, label, info.Tickets, before, after, rssBefore, rssAfter);
    }

    private static async Task<List<IPage>> OpenManyAsync(IBrowser browser, Uri baseUri, DatasetInfo info, int firstResident, int count, string path)
    {
        using var gate = new SemaphoreSlim(Parallel);
        var tasks = Enumerable.Range(firstResident, count).Select(async number =>
        {
            await gate.WaitAsync();
            try
            {
                return await OpenAsync(browser, baseUri, DatasetGenerator.ResidentEmail(number), info.Password, path);
            }
            finally
            {
                gate.Release();
            }
        });
        return [.. await Task.WhenAll(tasks)];
    }

    /// <summary>Signs in through the real login page and waits for the interactive page (for the list: its count).</summary>
    private static async Task<IPage> OpenAsync(IBrowser browser, Uri baseUri, string email, string password, string path)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUri.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "es-ES",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login?ReturnUrl=" + Uri.EscapeDataString(path));
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        if (path == TicketListPage)
        {
            await page.GetByTestId("tickets-count").WaitForAsync();
        }
        else
        {
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path.Split('?')[0]);
        }

        await page.GetByTestId("app-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        return page;
    }

    /// <summary>
    /// With a dumps folder, a heap dump beside each heap figure (BENCH_DUMP_TOOL, dotnet-gcdump by default, or
    /// dotnet-dump for a full dump; it must be on PATH): what the growth is made of (<c>dotnet-gcdump report</c>
    /// sums it by type). Not part of bench/run.sh.
    /// </summary>
    private static async Task GcDumpAsync(AppServer app, string? dumps, string name)
    {
        if (dumps is null)
        {
            return;
        }

        Directory.CreateDirectory(dumps);
        var tool = Environment.GetEnvironmentVariable("BENCH_DUMP_TOOL") is { Length: > 0 } chosen ? chosen : "dotnet-gcdump";
        var file = Path.Combine(dumps, name + (tool == "dotnet-gcdump" ? ".gcdump" : ".dmp"));
        var start = new ProcessStartInfo(tool)
        {
            ArgumentList = { "collect", "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file },
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start.");
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
    }

    private static async Task<long> HeapAsync(string probe)
    {
        var answer = Path.Combine(probe, "heap.txt");
        File.Delete(answer);
        await File.WriteAllTextAsync(Path.Combine(probe, "heap.request"), "");
        for (var waited = 0; waited < 600; waited++)
        {
            if (File.Exists(answer))
            {
                var text = await File.ReadAllTextAsync(answer);
                return long.Parse(text.Split(' ')[0], CultureInfo.InvariantCulture);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The heap probe did not answer; was DOTNET_STARTUP_HOOKS honoured?");
    }
}
