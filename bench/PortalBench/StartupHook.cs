using System.Diagnostics.CodeAnalysis;
using System.Globalization;

/// <summary>
/// The heap probe: loaded into the app by DOTNET_STARTUP_HOOKS only while CircuitBench measures memory, so
/// the app itself carries no diagnostic endpoint. When PortalBench writes "heap.request" into
/// BENCH_HEAP_PROBE_DIR, the probe runs a full blocking GC (GC.GetTotalMemory(true) repeats it until the
/// figure settles) and writes the live managed bytes to "heap.txt".
/// </summary>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks for a StartupHook class outside any namespace.")]
public static class StartupHook
{
    public static void Initialize()
    {
        var directory = Environment.GetEnvironmentVariable("BENCH_HEAP_PROBE_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        new Thread(() => Watch(directory)) { IsBackground = true, Name = "PortalBench heap probe" }.Start();
    }

    private static void Watch(string directory)
    {
        var request = Path.Combine(directory, "heap.request");
        while (true)
        {
            if (File.Exists(request))
            {
                File.Delete(request);
                var live = GC.GetTotalMemory(forceFullCollection: true);
                var info = GC.GetGCMemoryInfo();
                var temp = Path.Combine(directory, "heap.tmp");
                File.WriteAllText(temp, string.Create(CultureInfo.InvariantCulture, $"{live} {info.HeapSizeBytes} {info.TotalCommittedBytes}"));
                File.Move(temp, Path.Combine(directory, "heap.txt"), overwrite: true);
            }

            Thread.Sleep(50);
        }
    }
}
