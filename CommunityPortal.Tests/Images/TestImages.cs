using System.Buffers.Binary;
using System.Text;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace CommunityPortal.Tests.Images;

/// <summary>Test images made with ImageSharp itself (or by hand, for the hostile ones).</summary>
public static class TestImages
{
    public static readonly Rgb24 Red = new(220, 20, 20);
    public static readonly Rgb24 Blue = new(20, 20, 220);

    /// <summary>
    /// A phone-style photo stored sideways: the pixels are <paramref name="width"/>×<paramref name="height"/>
    /// with the left half red and the right half blue, EXIF orientation 6 (display rotated 90° clockwise,
    /// so red ends up on top), GPS coordinates and an XMP packet.
    /// </summary>
    public static byte[] SidewaysJpegWithGps(int width = 3000, int height = 2000)
    {
        using var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                row[..(width / 2)].Fill(Red);
                row[(width / 2)..].Fill(Blue);
            }
        });
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Orientation, (ushort)6);
        exif.SetValue(ExifTag.GPSLatitudeRef, "S");
        exif.SetValue(ExifTag.GPSLatitude, new[] { new Rational(33, 1), new Rational(26, 1), new Rational(5, 1) });
        exif.SetValue(ExifTag.GPSLongitudeRef, "W");
        exif.SetValue(ExifTag.GPSLongitude, new[] { new Rational(70, 1), new Rational(39, 1), new Rational(57, 1) });
        exif.SetValue(ExifTag.Make, "TestPhone");
        image.Metadata.ExifProfile = exif;
        image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" exif:GPSLatitude=\"33,26.08S\"/></rdf:RDF></x:xmpmeta>"));
        return Encode(image, new JpegEncoder { Quality = 85 });
    }

    public static byte[] SmallJpeg(int width = 64, int height = 48)
    {
        using var image = new Image<Rgb24>(width, height, Blue);
        return Encode(image, new JpegEncoder());
    }

    /// <summary>A PNG whose left half is fully transparent.</summary>
    public static byte[] PngWithAlpha(int width = 400, int height = 300)
    {
        using var image = new Image<Rgba32>(width, height, new Rgba32(0, 128, 0, 255));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                rows.GetRowSpan(y)[..(width / 2)].Fill(new Rgba32(0, 0, 0, 0));
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static byte[] Webp(int width = 300, int height = 200)
    {
        using var image = new Image<Rgb24>(width, height, Red);
        using var stream = new MemoryStream();
        image.Save(stream, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder());
        return stream.ToArray();
    }

    public static byte[] Gif()
    {
        using var image = new Image<Rgba32>(40, 30, new Rgba32(255, 0, 0, 255));
        using var stream = new MemoryStream();
        image.SaveAsGif(stream);
        return stream.ToArray();
    }

    public static byte[] Svg() => Encoding.UTF8.GetBytes(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script><rect width=\"10\" height=\"10\"/></svg>");

    public static byte[] Text() => Encoding.UTF8.GetBytes("Esto no es una foto, es un archivo de texto.\n");

    /// <summary>The first half of a real JPEG: headers intact, scan data cut off.</summary>
    public static byte[] TruncatedJpeg()
    {
        var full = SidewaysJpegWithGps(800, 600);
        return full[..(full.Length / 2)];
    }

    /// <summary>
    /// A tiny PNG (a few dozen bytes) whose IHDR claims <paramref name="width"/>×<paramref name="height"/>:
    /// decoding it would need gigabytes, identifying it needs nothing.
    /// </summary>
    public static byte[] PngBomb(int width = 30_000, int height = 30_000)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(four, data.Length);
        stream.Write(four);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(four, Crc32(typeAndData));
        stream.Write(four);
    }

    /// <summary>The CRC-32 PNG uses (ISO 3309, reflected, polynomial 0xEDB88320).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static byte[] Encode(Image image, JpegEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
