using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PortalBench;

/// <summary>Where and on what the figures were taken; the load averages show how quiet the machine was.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGb, string Os, string Runtime, string Wrk,
    string Commit, string Branch, DateTime StartedUtc, string LoadAverageAtStart, string LoadAverageAtEnd)
{
    public static async Task<MachineInfo> DescribeAsync(BenchPaths paths)
    {
        var cpuinfo = await File.ReadAllLinesAsync("/proc/cpuinfo");
        var cpu = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var cores = cpuinfo.Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        var memoryKb = (await File.ReadAllLinesAsync("/proc/meminfo"))
            .First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var os = File.Exists("/etc/os-release")
            ? (await File.ReadAllLinesAsync("/etc/os-release")).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : RuntimeInformation.OSDescription;
        var commit = (await GitAsync(paths, "rev-parse", "--short=12", "HEAD")).Trim();
        // Changes under bench/ (results, caches) do not make the app's code differ from the commit.
        var dirty = (await GitAsync(paths, "status", "--porcelain", "--", ".", ":(exclude)bench")).Trim().Length > 0;
        var branch = (await GitAsync(paths, "rev-parse", "--abbrev-ref", "HEAD")).Trim();
        return new MachineInfo(cpu, cores, Math.Round(long.Parse(memoryKb, System.Globalization.CultureInfo.InvariantCulture) / 1048576.0, 1), os,
            RuntimeInformation.FrameworkDescription, await global::PortalBench.Wrk.VersionAsync(), dirty ? commit + " (with uncommitted changes)" : commit, branch,
            DateTime.UtcNow, LoadAverage(), "");
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static async Task<string> GitAsync(BenchPaths paths, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = paths.Repository };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }
}
