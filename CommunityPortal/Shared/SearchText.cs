using System.Globalization;
using System.Text;

namespace CommunityPortal.Shared;

/// <summary>
/// Folds text for case- and accent-insensitive search ("Piscína" → "piscina").
/// Stored beside the original so the database can filter with a plain LIKE,
/// which SQLite cannot do accent-insensitively on its own.
/// </summary>
public static class SearchText
{
    public static string? Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
