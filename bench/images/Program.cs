// Runs the app's own ImagePipeline (stage + store, exactly what an upload does) on a generated
// 12-megapixel phone-style JPEG and prints time and memory per image, so figures can be compared
// between versions. Usage: run.sh [iterations=5] [width=4000] [height=3000]
using System.Diagnostics;
using System.Globalization;
using CommunityPortal.Features.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var width = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000;
var height = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3000;

var root = Path.Combine(Path.GetTempPath(), "communityportal-bench-" + Guid.NewGuid().ToString("N"));
var source = MakePhoto(width, height);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"source: {width}x{height} JPEG ({width * height / 1e6:F1} MP), {source.Length / 1024.0 / 1024:F2} MB, EXIF orientation 6 + GPS; {Environment.ProcessorCount} cores, {RuntimeInformationText()}"));

using var pipeline = new ImagePipeline(new UploadsFolder(root), maxConcurrency: 1);
try
{
    await RunOnceAsync(pipeline, source, 0, warmup: true);
    var times = new List<double>();
    for (var i = 1; i <= iterations; i++)
    {
        times.Add(await RunOnceAsync(pipeline, source, i, warmup: false));
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"summary: {iterations} images, median {times[times.Count / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB"));
}
finally
{
    Directory.Delete(root, recursive: true);
}

static async Task<double> RunOnceAsync(ImagePipeline pipeline, byte[] source, int index, bool warmup)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var before = process.WorkingSet64;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var gen0 = GC.CollectionCount(0);
    var gen2 = GC.CollectionCount(2);

    // ImageSharp keeps pixels in unmanaged pooled memory the GC does not see, so the working set is
    // sampled while the image is processed to catch its peak.
    using var sampling = new CancellationTokenSource();
    var peak = before;
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            await Task.Delay(2);
        }
    });

    var watch = Stopwatch.StartNew();
    using (var staged = await pipeline.StageAsync(new MemoryStream(source), CancellationToken.None))
    {
        var (path, rejection) = await pipeline.StoreAsync(staged, UploadsFolder.TicketsFolder, 1, CancellationToken.None);
        if (path is null)
        {
            throw new InvalidOperationException($"The pipeline refused the photo: {rejection}");
        }
    }

    watch.Stop();
    await sampling.CancelAsync();
    await sampler;
    var info = GC.GetGCMemoryInfo();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{(warmup ? "warm-up" : $"image {index}"),-8}: {watch.Elapsed.TotalMilliseconds,6:F0} ms; working set {before / 1048576.0:F0} → peak {peak / 1048576.0:F0} MB (+{(peak - before) / 1048576.0:F0}); " +
        $"managed allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0:F1} MB, GC heap {info.HeapSizeBytes / 1048576.0:F0} MB, " +
        $"gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MB"));
    return watch.Elapsed.TotalMilliseconds;
}

static byte[] MakePhoto(int width, int height)
{
    // Gradients plus noise compress like a real photo (a flat colour would be unrealistically small).
    var random = new Random(42);
    using var image = new Image<Rgb24>(width, height);
    image.ProcessPixelRows(rows =>
    {
        for (var y = 0; y < rows.Height; y++)
        {
            var row = rows.GetRowSpan(y);
            for (var x = 0; x < row.Length; x++)
            {
                var noise = random.Next(-24, 25);
                row[x] = new Rgb24(
                    (byte)Math.Clamp((x * 255 / width) + noise, 0, 255),
                    (byte)Math.Clamp((y * 255 / height) + noise, 0, 255),
                    (byte)Math.Clamp(128 + noise, 0, 255));
            }
        }
    });
    var exif = new ExifProfile();
    exif.SetValue(ExifTag.Orientation, (ushort)6);
    exif.SetValue(ExifTag.GPSLatitude, new[] { new Rational(33, 1), new Rational(26, 1), new Rational(5, 1) });
    image.Metadata.ExifProfile = exif;
    using var stream = new MemoryStream();
    image.Save(stream, new JpegEncoder { Quality = 90 });
    return stream.ToArray();
}

static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
