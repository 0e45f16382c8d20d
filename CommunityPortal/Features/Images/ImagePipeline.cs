using System.Security.Cryptography;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace CommunityPortal.Features.Images;

/// <summary>Why an uploaded file was refused.</summary>
public enum ImageRejection
{
    None,
    TooLarge,
    NotAnImage,
    TooManyPixels,
    Corrupt,
}

/// <summary>
/// Turns an untrusted upload into a clean, small image on disk: size-capped spooling, header-only
/// identification with only the JPEG/PNG/WebP decoders, a pixel budget checked before decoding, then
/// auto-orient, strip metadata, downscale, re-encode and thumbnail, written atomically. Used by
/// <see cref="ImageService"/> (API and Blazor) and by the benchmark in bench/ (PortalBench pipeline).
/// </summary>
public sealed class ImagePipeline : IDisposable
{
    public const long MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxMegapixels = 40;
    public const int MaxLongSide = 2048;
    public const int ThumbLongSide = 320;
    public const int JpegQuality = 82;

    private static readonly JpegEncoder Jpeg = new() { Quality = JpegQuality };
    private static readonly PngEncoder Png = new()
    {
        ColorType = PngColorType.RgbWithAlpha,
        BitDepth = PngBitDepth.Bit8,
        IgnoreMetadata = true,
        ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    private readonly UploadsFolder uploads;
    private readonly SemaphoreSlim gate;

    public ImagePipeline(UploadsFolder uploads, int? maxConcurrency = null)
    {
        this.uploads = uploads;
        // Decoding is where the memory goes (a 12 MP photo is ~36 MB of pixels); a burst of uploads queues here.
        gate = new SemaphoreSlim(maxConcurrency ?? Math.Max(1, Environment.ProcessorCount / 2));
    }

    /// <summary>
    /// Only these decoders exist for the pipeline (no GIF/TIFF/BMP/TGA/PBM attack surface), and no single
    /// buffer may exceed what a 40 MP image needs, so a hostile file fails instead of taking the process down.
    /// </summary>
    public static Configuration Configuration { get; } = new(
        new JpegConfigurationModule(), new PngConfigurationModule(), new WebpConfigurationModule())
    {
        MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = 256,
            MaximumPoolSizeMegabytes = 64,
        }),
    };

    /// <summary>
    /// Copies the upload to a temporary file (never more than <see cref="MaxFileBytes"/>) and checks it
    /// without decoding pixels: format from the bytes, dimensions, and that the file is complete.
    /// </summary>
    public async Task<StagedImage> StageAsync(Stream content, CancellationToken cancellationToken)
    {
        var temp = uploads.NewTempFile();
        var staged = new StagedImage(temp);
        try
        {
            staged.Bytes = await SpoolAsync(content, temp, cancellationToken);
            if (staged.Bytes > MaxFileBytes)
            {
                return staged.Reject(ImageRejection.TooLarge);
            }

            await using var file = File.OpenRead(temp);
            var format = Image.DetectFormat(Configuration, file);
            if (format is null)
            {
                return staged.Reject(ImageRejection.NotAnImage);
            }

            file.Position = 0;
            IImageInfo? info;
            try
            {
                info = Image.Identify(Configuration, file);
            }
            catch (Exception ex) when (ex is InvalidImageContentException or UnknownImageFormatException or NotSupportedException)
            {
                return staged.Reject(ImageRejection.Corrupt);
            }

            if (info is null || info.Width <= 0 || info.Height <= 0)
            {
                return staged.Reject(ImageRejection.Corrupt);
            }

            if ((long)info.Width * info.Height > MaxMegapixels * 1_000_000L)
            {
                return staged.Reject(ImageRejection.TooManyPixels);
            }

            file.Position = 0;
            if (!ImageCompleteness.IsComplete(format, file))
            {
                return staged.Reject(ImageRejection.Corrupt);
            }

            staged.Accept(format, info.Width, info.Height);
            return staged;
        }
        catch
        {
            staged.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes a staged image and stores the cleaned image and its thumbnail under
    /// <c>{kind}/{ownerId}/</c> with a random name. Returns the location, or a rejection when the pixels
    /// turn out to be undecodable.
    /// </summary>
    public async Task<(UploadPath? Path, ImageRejection Rejection)> StoreAsync(
        StagedImage staged, string kind, int ownerId, CancellationToken cancellationToken)
    {
        if (staged.Rejection != ImageRejection.None || staged.Format is null)
        {
            throw new InvalidOperationException("Only an accepted image can be stored.");
        }

        await gate.WaitAsync(cancellationToken);
        var mainTemp = uploads.NewTempFile();
        var thumbTemp = uploads.NewTempFile();
        try
        {
            Image image;
            try
            {
                await using var input = File.OpenRead(staged.TempPath);
                image = staged.Format is JpegFormat
                    ? await Image.LoadAsync<Rgb24>(Configuration, input, cancellationToken)
                    : await Image.LoadAsync<Rgba32>(Configuration, input, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidImageContentException or UnknownImageFormatException
                or NotSupportedException or InvalidMemoryOperationException)
            {
                return (null, ImageRejection.Corrupt);
            }

            bool transparent;
            using (image)
            {
                image.Mutate(x => x.AutoOrient());
                StripMetadata(image);
                transparent = image is Image<Rgba32> rgba && HasTransparency(rgba);
                Fit(image, MaxLongSide);
                using var thumb = image.Clone(_ => { });
                Fit(thumb, ThumbLongSide);

                // Photos become JPEG; only real transparency keeps PNG.
                IImageEncoder encoder = transparent ? Png : Jpeg;
                await SaveAsync(image, mainTemp, encoder, cancellationToken);
                await SaveAsync(thumb, thumbTemp, encoder, cancellationToken);
            }

            // Finished files are renamed into place (same volume): a crash never leaves half an image behind.
            var path = new UploadPath(kind, ownerId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), transparent ? "png" : "jpg");
            var folder = uploads.EnsureFolder(kind, ownerId);
            File.Move(thumbTemp, Path.Combine(folder, path.ThumbFileName));
            File.Move(mainTemp, Path.Combine(folder, path.FileName));
            return (path, ImageRejection.None);
        }
        finally
        {
            File.Delete(mainTemp);
            File.Delete(thumbTemp);
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    /// <summary>Copies up to <see cref="MaxFileBytes"/>; returns the bytes read, more than the cap when it stopped there.</summary>
    private static async Task<long> SpoolAsync(Stream content, string path, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > MaxFileBytes)
            {
                return total;
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }

    private static void StripMetadata(Image image)
    {
        // EXIF (with GPS), IPTC, XMP and ICC: nothing of where or with what the photo was taken survives.
        image.Metadata.ExifProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IccProfile = null;
        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.IptcProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IccProfile = null;
        }

        image.Metadata.GetPngMetadata().TextData.Clear();
    }

    private static bool HasTransparency(Image<Rgba32> image)
    {
        var found = false;
        image.ProcessPixelRows(accessor =>
        {
            for (var y = 0; y < accessor.Height && !found; y++)
            {
                foreach (ref readonly var pixel in accessor.GetRowSpan(y))
                {
                    if (pixel.A != byte.MaxValue)
                    {
                        found = true;
                        break;
                    }
                }
            }
        });
        return found;
    }

    /// <summary>Scales down (never up) so the long side is at most <paramref name="longSide"/>.</summary>
    private static void Fit(Image image, int longSide)
    {
        var current = Math.Max(image.Width, image.Height);
        if (current <= longSide)
        {
            return;
        }

        var scale = (double)longSide / current;
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        image.Mutate(x => x.Resize(width, height, KnownResamplers.Bicubic));
    }

    private static async Task SaveAsync(Image image, string path, IImageEncoder encoder, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await image.SaveAsync(output, encoder, cancellationToken);
        // On the disk itself (fsync), not just in the OS cache, before the database commit that names the file:
        // a power cut must not leave a ticket pointing at an empty or missing photo.
        output.Flush(flushToDisk: true);
    }
}
