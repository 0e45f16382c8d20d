using System.Globalization;
using CommunityPortal.Shared;
using Microsoft.AspNetCore.Components;

namespace CommunityPortal.Components.Shared;

/// <summary>
/// A text with the words of a search marked (<c>&lt;mark&gt;</c>), matched as the search matches them: ignoring case
/// and accents ("metalico" marks "metálico").
/// </summary>
public static class SearchHighlight
{
    private const CompareOptions Loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;

    public static IReadOnlyList<(string Text, bool Match)> Segments(string text, string? q)
    {
        var words = SearchText.Words(q);
        if (words.Length == 0 || text.Length == 0)
        {
            return [(text, false)];
        }

        var marked = new bool[text.Length];
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        foreach (var word in words)
        {
            var start = 0;
            while (start < text.Length)
            {
                var index = compare.IndexOf(text.AsSpan(start), word, Loose, out var length);
                if (index < 0 || length == 0)
                {
                    break;
                }

                Array.Fill(marked, true, start + index, length);
                start += index + length;
            }
        }

        var segments = new List<(string, bool)>();
        var from = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || marked[i] != marked[from])
            {
                segments.Add((text[from..i], marked[from]));
                from = i;
            }
        }

        return segments;
    }

    /// <summary>The marked text as markup inside the caller's render tree (no component per row of a list).</summary>
    public static RenderFragment Render(string text, string? q) => builder =>
    {
        foreach (var (segment, match) in Segments(text, q))
        {
            if (match)
            {
                builder.OpenElement(0, "mark");
                builder.AddAttribute(1, "class", "search-match");
                builder.AddContent(2, segment);
                builder.CloseElement();
            }
            else
            {
                builder.AddContent(3, segment);
            }
        }
    };
}
