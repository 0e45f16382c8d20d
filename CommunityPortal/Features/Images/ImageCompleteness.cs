using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;

namespace CommunityPortal.Features.Images;

/// <summary>
/// ImageSharp decodes a truncated JPEG or PNG without complaint (the missing part comes out grey), so the
/// structure is walked here, without decoding: a JPEG must reach its end-of-image marker after the scan
/// data, a PNG its IEND chunk, a WebP the length its RIFF header declares. Data after the end (e.g. the
/// video of a "motion photo") is allowed; it is dropped by re-encoding.
/// </summary>
public static class ImageCompleteness
{
    public static bool IsComplete(IImageFormat format, Stream stream) => format switch
    {
        JpegFormat => JpegReachesEnd(new BufferedStream(stream, 64 * 1024)),
        PngFormat => PngReachesEnd(stream),
        WebpFormat => WebpHasDeclaredLength(stream),
        _ => false,
    };

    private static bool JpegReachesEnd(Stream s)
    {
        if (s.ReadByte() != 0xFF || s.ReadByte() != 0xD8)
        {
            return false;
        }

        var marker = NextMarker(s);
        while (marker >= 0)
        {
            switch (marker)
            {
                case 0xD9:
                    return true;
                case 0x01 or (>= 0xD0 and <= 0xD7):
                    marker = NextMarker(s);
                    continue;
            }

            var high = s.ReadByte();
            var low = s.ReadByte();
            if (low < 0 || high < 0)
            {
                return false;
            }

            var length = (high << 8) | low;
            if (length < 2 || !Skip(s, length - 2))
            {
                return false;
            }

            marker = marker == 0xDA ? AfterEntropyData(s) : NextMarker(s);
        }

        return false;
    }

    /// <summary>The marker after a segment: 0xFF (any fill bytes) then the code; -1 at the end of the file.</summary>
    private static int NextMarker(Stream s)
    {
        if (s.ReadByte() != 0xFF)
        {
            return -1;
        }

        int code;
        while ((code = s.ReadByte()) == 0xFF)
        {
        }

        return code;
    }

    /// <summary>Skips entropy-coded bytes (0xFF00 stuffing and restart markers) up to the next real marker.</summary>
    private static int AfterEntropyData(Stream s)
    {
        int b;
        while ((b = s.ReadByte()) >= 0)
        {
            if (b != 0xFF)
            {
                continue;
            }

            int code;
            while ((code = s.ReadByte()) == 0xFF)
            {
            }

            if (code < 0)
            {
                return -1;
            }

            if (code != 0x00 && code is not (>= 0xD0 and <= 0xD7))
            {
                return code;
            }
        }

        return -1;
    }

    private static bool PngReachesEnd(Stream s)
    {
        Span<byte> header = stackalloc byte[8];
        if (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) != 8)
        {
            return false;
        }

        while (true)
        {
            if (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) != 8)
            {
                return false;
            }

            var length = (uint)((header[0] << 24) | (header[1] << 16) | (header[2] << 8) | header[3]);
            var isEnd = header[4] == 'I' && header[5] == 'E' && header[6] == 'N' && header[7] == 'D';
            if (!Skip(s, length + 4L))
            {
                return false;
            }

            if (isEnd)
            {
                return true;
            }
        }
    }

    private static bool WebpHasDeclaredLength(Stream s)
    {
        Span<byte> header = stackalloc byte[8];
        if (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) != 8)
        {
            return false;
        }

        var riffSize = (uint)(header[4] | (header[5] << 8) | (header[6] << 16) | (header[7] << 24));
        return s.Length >= riffSize + 8L;
    }

    private static bool Skip(Stream s, long count)
    {
        if (s.CanSeek)
        {
            if (s.Position + count > s.Length)
            {
                return false;
            }

            s.Seek(count, SeekOrigin.Current);
            return true;
        }

        for (long i = 0; i < count; i++)
        {
            if (s.ReadByte() < 0)
            {
                return false;
            }
        }

        return true;
    }
}
