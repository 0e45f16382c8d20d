using System.Globalization;
using System.Text;
using CommunityPortal.Resources;
using Microsoft.Extensions.Localization;

namespace CommunityPortal.Shared;

/// <summary>
/// Folds text for case- and accent-insensitive search ("Piscína" → "piscina").
/// Stored beside the original so the database can filter with a plain LIKE,
/// which SQLite cannot do accent-insensitively on its own.
/// </summary>
public static class SearchText
{
    /// <summary>A search (<c>q</c>) holds at most this many words…</summary>
    public const int MaxWords = 10;

    /// <summary>…of at most this many characters each: every word is one more LIKE in the query (1,200 of them made
    /// SQLite refuse the statement), and no word people search for is longer.</summary>
    public const int MaxWordLength = 100;

    /// <summary>
    /// The folded words of a search, each of which must be found; repeats dropped. Words are separated by blanks and by
    /// the "·" the pages put between a name and a unit (the resident picker's own "Ana Pérez · Casa 12", searched
    /// again, still finds her); any other character is searched for as typed ("%", "ana@demo.local").
    /// </summary>
    public static string[] Words(string? q) =>
        [.. (Fold(q) ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => w.Split(Separator, StringSplitOptions.RemoveEmptyEntries)).Distinct()];

    /// <summary>What the pages put between the parts of one option ("Ana Pérez · Casa 12").</summary>
    private const char Separator = '·';

    /// <summary>Whether a list may run a search made of <paramref name="words"/>.</summary>
    public static bool WithinLimits(IReadOnlyCollection<string> words) =>
        words.Count <= MaxWords && words.All(w => w.Length <= MaxWordLength);

    /// <summary>
    /// The one check of every list that takes <c>q</c>: a search over the limits adds the error keyed "q" (the API's
    /// 400, the message the pages show) and returns false.
    /// </summary>
    public static bool Validate(string? q, IStringLocalizer<SharedResource> l, IDictionary<string, string[]> errors)
    {
        if (WithinLimits(Words(q)))
        {
            return true;
        }

        errors["q"] = [l["Search.Error.Limits", MaxWords, MaxWordLength].Value];
        return false;
    }

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
