using System.Globalization;

namespace CommunityPortal.Shared;

/// <summary>Picks black or white text for a background color by WCAG relative luminance.</summary>
public static class ColorContrast
{
    public const string Black = "#000000";
    public const string White = "#FFFFFF";

    /// <summary>The text color with the higher contrast ratio on <paramref name="hex"/> ("#RRGGBB").</summary>
    public static string TextOn(string hex)
    {
        if (!TryParse(hex, out var r, out var g, out var b))
        {
            return Black;
        }

        var luminance = (0.2126 * Linear(r)) + (0.7152 * Linear(g)) + (0.0722 * Linear(b));
        var contrastWithBlack = (luminance + 0.05) / 0.05;
        var contrastWithWhite = 1.05 / (luminance + 0.05);
        return contrastWithBlack >= contrastWithWhite ? Black : White;
    }

    private static double Linear(int channel)
    {
        var c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }

    private static bool TryParse(string hex, out int r, out int g, out int b)
    {
        r = g = b = 0;
        return hex is ['#', _, _, _, _, _, _]
            && int.TryParse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out r)
            && int.TryParse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out g)
            && int.TryParse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out b);
    }
}
