using SixLabors.ImageSharp.Formats;

namespace CommunityPortal.Features.Images;

/// <summary>An upload copied to a temporary file and checked without decoding; disposing deletes the file.</summary>
public sealed class StagedImage(string tempPath) : IDisposable
{
    public string TempPath { get; } = tempPath;

    public ImageRejection Rejection { get; private set; }

    public IImageFormat? Format { get; private set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>How many bytes of the upload arrived (all of them, or the cap plus one read when it was too large).</summary>
    public long Bytes { get; internal set; }

    internal StagedImage Reject(ImageRejection rejection)
    {
        Rejection = rejection;
        File.Delete(TempPath);
        return this;
    }

    internal void Accept(IImageFormat format, int width, int height)
    {
        Format = format;
        Width = width;
        Height = height;
    }

    public void Dispose() => File.Delete(TempPath);
}
