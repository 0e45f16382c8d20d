using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CommunityPortal.Features.Images;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace PortalBench;

internal sealed record PipelineFigures(int Iterations, double MedianMs, double MinMs, double MaxMs,
    double BaselineRssMb, double PeakRssMb, double AllocatedMbPerImage);

internal sealed record ImageFigures(string Source, double SourceMb, int Iterations,
    PipelineFigures Pipeline, double VipsMedianMs, double VipsPeakRssMb, string VipsVersion)
{
    public double TimeRatio => Math.Round(Pipeline.MedianMs / VipsMedianMs, 2);

    public double MemoryRatio => Math.Round(Pipeline.PeakRssMb / VipsPeakRssMb, 2);
}

/// <summary>
/// The app's ImagePipeline (stage + store: exactly what an upload does) against vipsthumbnail making the same
/// two sizes (2048 px long side and the 320 px thumbnail, JPEG quality 82, metadata stripped) from the same
/// 12-megapixel phone-style JPEG, both on the server core, in the same run.
/// </summary>
internal static class ImageBench
{
    public const int Width = 4000;
    public const int Height = 3000;

    public static async Task<ImageFigures> RunAsync(BenchPaths paths, int iterations)
    {
        var source = Path.Combine(paths.Out, "photo-12mp.jpg");
        if (!File.Exists(source))
        {
            await File.WriteAllBytesAsync(source, MakePhoto(Width, Height));
        }

        // The pipeline runs in a process of its own so its peak resident set is the pipeline's, not this tool's.
        var pipelineJson = await RunAsync("taskset", ["-c", Cpus.Server, Path.Combine(AppContext.BaseDirectory, "PortalBench"),
            "pipeline", source, iterations.ToString(CultureInfo.InvariantCulture)]);
        var pipeline = JsonSerializer.Deserialize<PipelineFigures>(pipelineJson.Split('\n').First(l => l.StartsWith('{')), Json.Options)!;

        var output = Path.Combine(paths.Out, "vips");
        Directory.CreateDirectory(output);
        var times = new List<double>();
        var peakKb = 0L;
        for (var i = 0; i <= iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            foreach (var size in new[] { ImagePipeline.MaxLongSide, ImagePipeline.ThumbLongSide })
            {
                // GNU time's %M is the child's peak resident set in kB.
                var report = await RunAsync("taskset", ["-c", Cpus.Server, "/usr/bin/time", "-f", "BENCH_RSS %M", "vipsthumbnail", source,
                    "--size", size.ToString(CultureInfo.InvariantCulture),
                    "-o", Path.Combine(output, $"{size}.jpg[Q={ImagePipeline.JpegQuality},strip]")], stderr: true);
                var rss = report.Split('\n').Last(l => l.StartsWith("BENCH_RSS ", StringComparison.Ordinal));
                peakKb = Math.Max(peakKb, long.Parse(rss["BENCH_RSS ".Length..], CultureInfo.InvariantCulture));
            }

            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        var version = (await RunAsync("vipsthumbnail", ["--version"])).Trim();
        return new ImageFigures($"{Width}x{Height} JPEG", Math.Round(new FileInfo(source).Length / 1048576.0, 2), iterations, pipeline,
            Math.Round(times[times.Count / 2], 1), Math.Round(peakKb / 1024.0, 1), version);
    }

    /// <summary>The "pipeline" command: runs in its own process and prints its figures as JSON.</summary>
    public static async Task<PipelineFigures> MeasurePipelineAsync(string sourcePath, int iterations)
    {
        var source = await File.ReadAllBytesAsync(sourcePath);
        var root = Path.Combine(Path.GetTempPath(), "portalbench-images-" + Guid.NewGuid().ToString("N"));
        using var pipeline = new ImagePipeline(new UploadsFolder(root), maxConcurrency: 1);
        try
        {
            using var process = Process.GetCurrentProcess();
            var baseline = process.WorkingSet64;
            await RunOnceAsync(pipeline, source);
            var times = new List<double>();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < iterations; i++)
            {
                times.Add(await RunOnceAsync(pipeline, source));
            }

            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            times.Sort();
            process.Refresh();
            return new PipelineFigures(iterations, Math.Round(times[times.Count / 2], 1), Math.Round(times[0], 1), Math.Round(times[^1], 1),
                Math.Round(baseline / 1048576.0, 1), Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
                Math.Round(allocated / 1048576.0 / iterations, 1));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<double> RunOnceAsync(ImagePipeline pipeline, byte[] source)
    {
        var watch = Stopwatch.StartNew();
        using (var staged = await pipeline.StageAsync(new MemoryStream(source), CancellationToken.None))
        {
            var (path, rejection) = await pipeline.StoreAsync(staged, UploadsFolder.TicketsFolder, 1, CancellationToken.None);
            if (path is null)
            {
                throw new InvalidOperationException($"The pipeline refused the photo: {rejection}");
            }
        }

        return watch.Elapsed.TotalMilliseconds;
    }

    private static async Task<string> RunAsync(string file, string[] arguments, bool stderr = false)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}");
        }

        return stderr ? await errors : await output;
    }

    /// <summary>A phone-style photo: gradients plus noise (compresses like a real one), EXIF orientation 6 and GPS.</summary>
    private static byte[] MakePhoto(int width, int height)
    {
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
        exif.SetValue(ExifTag.GPSLatitude, [new Rational(33, 1), new Rational(26, 1), new Rational(5, 1)]);
        image.Metadata.ExifProfile = exif;
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }
}
