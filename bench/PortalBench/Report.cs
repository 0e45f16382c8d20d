using System.Globalization;
using System.Text;

namespace PortalBench;

/// <summary>Writes bench/results/latest.md from one run's figures.</summary>
internal static class Report
{
    private static readonly string[] Lists = ["my", "list", "search"];

    public static string Markdown(BenchResults r)
    {
        var md = new StringBuilder();
        var m = r.Machine;
        var s = r.Settings;
        var smallest = r.Sizes[0];
        var largest = r.Sizes[^1];

        md.AppendLine("# CommunityPortal benchmark: latest run");
        md.AppendLine();
        md.AppendLine(I($"Written by `bench/run.sh` on {m.StartedUtc:yyyy-MM-dd HH:mm} UTC from commit `{m.Commit}` ({m.Branch}); the run took {r.TotalSeconds:F0} s. "));
        md.AppendLine("Figures, not tests: how each one is taken is in [bench/README.md](../README.md).");
        md.AppendLine();
        md.AppendLine(I($"- **Machine**: {m.Cpu}, {m.Cores} cores, {m.MemoryGb} GB; {m.Os}; {m.Runtime}; {m.Wrk}."));
        md.AppendLine(I($"- **Load average** (1, 5, 15 min) at the start `{m.LoadAverageAtStart}`, at the end `{m.LoadAverageAtEnd}`: above ~0.2 something else was using the cores and the figures are noisy."));
        md.AppendLine(I($"- **Set-up**: the published Release app (Production settings, SQLite) pinned to core {Cpus.Server}; wrk, Chromium and the harness on core {Cpus.Client}. ")
            + I($"wrk: 1 thread, {s.Connections} connections for {s.Seconds} s after a {s.WarmupSeconds} s warm-up, then 1 connection for {s.LatencySeconds} s."));
        md.AppendLine(I($"- **Data** (generated through the app's model; 3 communities, 600 residents): ")
            + string.Join("; ", r.Datasets.Select(d => I($"{d.Tickets:N0} tickets with {d.Comments:N0} comments"))) + I($". Lists are asked by the company administrator of two of the three communities; `/my`, `/{{id}}`, the thread and POST by a resident."));
        md.AppendLine();

        WriteTargets(md, r);

        md.AppendLine("## Endpoints");
        md.AppendLine();
        md.AppendLine(I($"req/s, p50 and p99 at {s.Connections} connections; \"× healthz\" is req/s over `/healthz`'s in the same app run; the last latency is one request at a time. ")
            + I($"SQL is the statements one request runs (at {largest.Tickets:N0} tickets)."));
        md.AppendLine();
        md.AppendLine("| endpoint | tickets | req/s | × healthz | p50 ms | p99 ms | p50 ms, 1 conn | SQL | errors |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var key in r.Sizes[0].Endpoints.Select(e => e.Key))
        {
            foreach (var size in r.Sizes)
            {
                var e = size[key];
                var healthz = size["healthz"].Load.RequestsPerSecond;
                var sql = r.Sql.FirstOrDefault(q => q.Key == key)?.Statements;
                var errors = e.Load.Clean && e.Single.Clean ? "" : I($"{e.Load.Errors + e.Single.Errors} socket, {e.Load.StatusErrors + e.Single.StatusErrors} status");
                md.AppendLine(I($"| `{e.Label}` | {size.Tickets:N0} | {e.Load.RequestsPerSecond:N0} | {e.Load.RequestsPerSecond / healthz:F2} | {Ms(e.Load, e.Load.P50Ms)} | {Ms(e.Load, e.Load.P99Ms)} | {Ms(e.Single, e.Single.P50Ms)} | {sql} | {errors} |"));
            }
        }

        md.AppendLine();
        md.AppendLine("## Cost against table size");
        md.AppendLine();
        md.AppendLine(I($"p50 in ms at {s.Connections} connections (and at 1 connection); the ratio is the largest size over the smallest."));
        md.AppendLine();
        md.AppendLine("| endpoint | " + string.Join(" | ", r.Sizes.Select(z => I($"{z.Tickets:N0}")))
            + I($" | {largest.Tickets / 1000:N0}k ÷ {smallest.Tickets / 1000:N0}k | same, 1 conn |"));
        md.AppendLine("|---|" + string.Concat(r.Sizes.Select(_ => "---:|")) + "---:|---:|");
        foreach (var key in smallest.Endpoints.Select(e => e.Key).Where(k => k is not "healthz" and not "create"))
        {
            md.AppendLine(I($"| `{smallest[key].Label}` | ") + string.Join(" | ", r.Sizes.Select(z => I($"{Ms(z[key].Load, z[key].Load.P50Ms)} ({Ms(z[key].Single, z[key].Single.P50Ms)})")))
                + I($" | **{R(Ratio(largest[key].Load.P50Ms, smallest[key].Load.P50Ms))}** | {R(Ratio(largest[key].Single.P50Ms, smallest[key].Single.P50Ms))} |"));
        }

        md.AppendLine();
        var img = r.Images;
        md.AppendLine(I($"## Image pipeline ({img.Source}, {img.SourceMb} MB, EXIF orientation 6 + GPS)"));
        md.AppendLine();
        md.AppendLine(I($"Median of {img.Iterations} images after one warm-up, on the server core. The pipeline stages, identifies, decodes, auto-orients, strips metadata and writes the 2048-px image and the 320-px thumbnail; ")
            + I($"vipsthumbnail makes the same two files (two invocations, process start included). Peak memory is the process's peak resident set."));
        md.AppendLine();
        md.AppendLine("| | time per image | peak memory |");
        md.AppendLine("|---|---:|---:|");
        md.AppendLine(I($"| ImagePipeline (ImageSharp) | {img.Pipeline.MedianMs:F0} ms | {img.Pipeline.PeakRssMb:F0} MB (runtime alone {img.Pipeline.BaselineRssMb:F0} MB) |"));
        md.AppendLine(I($"| {img.VipsVersion} | {img.VipsMedianMs:F0} ms | {img.VipsPeakRssMb:F0} MB |"));
        md.AppendLine(I($"| ratio | **{img.TimeRatio:F2}×** | **{img.MemoryRatio:F2}×** |"));
        md.AppendLine();

        var c = r.Circuits;
        md.AppendLine("## Server memory per open ticket-list page");
        md.AppendLine();
        md.AppendLine(I($"{c.Circuits} residents signed in with headless Chromium, each with `{c.Page}` open ({c.Tickets:N0}-ticket database), after {c.WarmCircuits} pages opened first to absorb one-time costs. ")
            + I($"Managed heap = live bytes after a full blocking GC, read inside the app by the bench's startup hook."));
        md.AppendLine();
        md.AppendLine("| | before | after | per circuit |");
        md.AppendLine("|---|---:|---:|---:|");
        md.AppendLine(I($"| managed heap after full GC | {c.HeapBeforeBytes / 1048576.0:F1} MB | {c.HeapAfterBytes / 1048576.0:F1} MB | **{c.KbPerCircuit:F0} KB** |"));
        md.AppendLine(I($"| resident set (for reference) | {c.RssBeforeBytes / 1048576.0:F0} MB | {c.RssAfterBytes / 1048576.0:F0} MB | {c.RssKbPerCircuit:F0} KB |"));
        md.AppendLine();

        md.AppendLine("## Start-up to the first `/healthz` 200");
        md.AppendLine();
        md.AppendLine(I($"From launching the process to the first 200, median of {r.Startup.EmptyMs.Count} starts (each on a fresh copy)."));
        md.AppendLine();
        md.AppendLine("| database | median | all runs |");
        md.AppendLine("|---|---:|---|");
        md.AppendLine(I($"| none yet (created, migrated, seeded) | {r.Startup.EmptyMedianMs:F0} ms | {string.Join(", ", r.Startup.EmptyMs.Select(v => I($"{v:F0}")))} |"));
        md.AppendLine(I($"| {r.Startup.Tickets:N0} tickets | {r.Startup.LargestMedianMs:F0} ms | {string.Join(", ", r.Startup.LargestMs.Select(v => I($"{v:F0}")))} |"));
        md.AppendLine();

        md.AppendLine(I($"## SQL and query plans at {largest.Tickets:N0} tickets"));
        md.AppendLine();
        md.AppendLine("Each statement one request runs (EF Core's command log) and SQLite's `EXPLAIN QUERY PLAN` for it.");
        md.AppendLine();
        foreach (var q in r.Sql.Where(q => q.Key != "healthz"))
        {
            md.AppendLine(I($"<details><summary><code>{largest[q.Key].Label}</code>: {q.Statements} statement(s)</summary>"));
            md.AppendLine();
            foreach (var statement in q.Commands)
            {
                md.AppendLine("```sql");
                md.AppendLine(statement.Text.Trim());
                md.AppendLine("```");
                if (statement.Plan.Count > 0)
                {
                    md.AppendLine("```");
                    foreach (var line in statement.Plan)
                    {
                        md.AppendLine(line);
                    }

                    md.AppendLine("```");
                }
            }

            md.AppendLine("</details>");
            md.AppendLine();
        }

        return md.ToString();
    }

    private static void WriteTargets(StringBuilder md, BenchResults r)
    {
        var smallest = r.Sizes[0];
        var largest = r.Sizes[^1];
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| target | figures | met? |");
        md.AppendLine("|---|---|---|");

        var ratios = Lists.Select(k => (Label: largest[k].Label, Ratio: Ratio(largest[k].Load.P50Ms, smallest[k].Load.P50Ms))).ToList();
        md.AppendLine(I($"| every list's p50 at {largest.Tickets:N0} tickets ≤ 1.5 × its p50 at {smallest.Tickets:N0} | ")
            + string.Join("; ", ratios.Select(x => I($"`{x.Label}` {R(x.Ratio)}"))) + $" | {Verdict(ratios.All(x => x.Ratio <= 1.5))} |"); // NaN <= 1.5 is false

        var byId = r.Sizes.Select(z => (z.Tickets, Ratio: z["ticket"].Load.RequestsPerSecond / z["healthz"].Load.RequestsPerSecond)).ToList();
        md.AppendLine("| `GET /api/tickets/{id}` ≥ 0.5 × the req/s of `/healthz` | "
            + string.Join("; ", byId.Select(x => I($"{x.Tickets:N0}: {x.Ratio:F2}×"))) + $" | {Verdict(byId.All(x => x.Ratio >= 0.5))} |");

        var reads = r.Sizes.SelectMany(z => z.Endpoints.Where(e => e.Read).Select(e => (z.Tickets, e.Label, e.Load.P99Ms))).ToList();
        var over = reads.Where(x => x.P99Ms > 50).ToList();
        var worst = reads.MaxBy(x => x.P99Ms);
        md.AppendLine(I($"| no read endpoint's p99 over 50 ms at {r.Settings.Connections} connections | ")
            + (over.Count == 0
                ? I($"worst `{worst.Label}` at {worst.Tickets:N0}: {worst.P99Ms:F1} ms")
                : string.Join("; ", over.Select(x => I($"`{x.Label}` at {x.Tickets:N0}: {x.P99Ms:F1} ms"))))
            + $" | {Verdict(over.Count == 0)} |");

        var thread = largest["thread"];
        var statements = r.Sql.FirstOrDefault(q => q.Key == "thread")?.Statements ?? 0;
        md.AppendLine(I($"| the {r.Datasets[^1].ThreadComments}-comment thread in 1–2 SQL statements, p50 ≤ 20 ms | {statements} statements; p50 {thread.Single.P50Ms:F2} ms one request at a time, {thread.Load.P50Ms:F2} ms at {r.Settings.Connections} connections | ")
            + (statements <= 2 && thread.Single.P50Ms <= 20 && thread.Load.P50Ms <= 20 ? Verdict(true)
                : statements <= 2 && thread.Single.P50Ms <= 20 ? "**yes** at 1 connection; **no** at 32 (queueing on one core)"
                : Verdict(false)) + " |");

        var img = r.Images;
        md.AppendLine(I($"| image pipeline ≤ 3 × vips time, peak ≤ 300 MB on the 12-MP file | {img.TimeRatio:F2}× ({img.Pipeline.MedianMs:F0} vs {img.VipsMedianMs:F0} ms); peak {img.Pipeline.PeakRssMb:F0} MB ({img.MemoryRatio:F2}× vips) | {Verdict(img.TimeRatio <= 3 && img.Pipeline.PeakRssMb <= 300)} |"));
        md.AppendLine(I($"| ≤ 300 KB of server memory per open ticket-list page | {r.Circuits.KbPerCircuit:F0} KB per circuit (managed heap) | {Verdict(r.Circuits.KbPerCircuit <= 300)} |"));
        md.AppendLine(I($"| start-up (no target) | empty database {r.Startup.EmptyMedianMs:F0} ms; {r.Startup.Tickets:N0} tickets {r.Startup.LargestMedianMs:F0} ms | – |"));
        md.AppendLine();
    }

    // A run in which no request finished has no latency: its ratio is "n/a", never a pass.
    private static double Ratio(double large, double small) => small <= 0 || large <= 0 ? double.NaN : Math.Round(large / small, 2);

    private static string R(double ratio) => double.IsNaN(ratio) ? "n/a" : I($"{ratio:F2}×");

    private static string Ms(WrkFigures run, double ms) => run.Requests == 0 ? "n/a" : I($"{ms:F2}");

    private static string Verdict(bool met) => met ? "**yes**" : "**no**";

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
