using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace CommunityPortal.Components.Layout;

/// <summary>
/// MudThemeProvider whose style sheets every circuit shares. MudThemeProvider builds its theme (a 12,000-character
/// style sheet of CSS variables) again on every render, and an open page kept the last two copies in its render
/// trees: about 50 KB of server memory per open page for the same text. This draws the same three style sheets,
/// each built as before, but keeps a single shared copy of each distinct text (light and dark, in practice).
/// </summary>
public sealed class PortalThemeProvider : MudThemeProvider
{
    private const string ChartStyle = """
        <style>
            .mud-chart-serie:hover {
                filter: url(#lighten);
            }

            .mud-chart-serie-hovered
            {
                filter: url(#lighten);
            }
        </style>
        """;

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    // MudThemeProvider's own markup: its scrollbar style (the portal keeps DefaultScrollbar off), the charts' hover
    // style and the theme.
    protected override void BuildRenderTree(RenderTreeBuilder __builder)
    {
        __builder.AddMarkupContent(0, Share(BuildMudBlazorScrollbar()));
        __builder.AddMarkupContent(1, ChartStyle);
        __builder.AddMarkupContent(2, Share(BuildTheme()));
    }

    private static string Share(string text) =>
        Shared.Count < 16 ? Shared.GetOrAdd(text, text) : Shared.TryGetValue(text, out var shared) ? shared : text;
}
