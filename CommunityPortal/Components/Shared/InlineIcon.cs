using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace CommunityPortal.Components.Shared;

/// <summary>
/// A decorative MudBlazor icon (<c>Icons.Material...</c>) as plain SVG markup, for places that draw many of them
/// or stay open for long: a MudIcon is a component, and every component of an open interactive page keeps its
/// own state and two render-tree buffers in the server's memory for the circuit's life. This is one markup frame,
/// and the string is built once per icon, size and class and shared by every circuit. Same classes as MudIcon,
/// so it looks the same.
/// </summary>
public static class InlineIcon
{
    private static readonly ConcurrentDictionary<(string Icon, string Size, string? Class), MarkupString> Cache = new();

    /// <param name="icon">An <c>Icons.Material...</c> constant (trusted markup: never user input).</param>
    /// <param name="size">MudBlazor's size suffix: small, medium or large.</param>
    /// <param name="cssClass">Extra classes for the svg element.</param>
    public static MarkupString Markup(string icon, string size = "small", string? cssClass = null) =>
        Cache.GetOrAdd((icon, size, cssClass), static key => new MarkupString(
            $"""<svg class="mud-icon-root mud-svg-icon mud-icon-size-{key.Size}{(key.Class is null ? "" : " " + key.Class)}" focusable="false" viewBox="0 0 24 24" aria-hidden="true">{key.Icon}</svg>"""));
}
