using System.Collections;
using System.Globalization;
using System.Resources;
using Bunit;
using CommunityPortal.Features.Preferences;
using CommunityPortal.Resources;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace CommunityPortal.Tests.Preferences;

/// <summary>MudBlazor's built-in texts (required field, pager, date picker…) come from the portal's resources, in its language.</summary>
public class PortalMudLocalizerTests : PortalComponentTest
{
    public PortalMudLocalizerTests()
    {
        Context.Services.AddPortalLocalization();
    }

    [Theory]
    [InlineData("es", "Obligatorio")]
    [InlineData("en", "Required")]
    public async Task A_required_field_left_empty_says_so_in_the_portals_language(string culture, string expected)
    {
        using var _ = new UiCulture(culture);
        var field = Context.Render<MudTextField<string>>(p => p.Add(f => f.Required, true));

        await field.InvokeAsync(() => field.Instance.ValidateAsync());

        Assert.Equal(expected, field.WaitForElement(".mud-input-helper-text").TextContent.Trim());
    }

    [Theory]
    [InlineData("es", "Filas por página:", "1-10 de 25")]
    [InlineData("en", "Rows per page:", "1-10 of 25")]
    public void The_data_grid_pager_reads_in_the_portals_language(string culture, string rowsPerPage, string info)
    {
        using var _ = new UiCulture(culture);
        var grid = Context.Render<MudDataGrid<int>>(p => p
            .Add(g => g.Items, Enumerable.Range(1, 25).ToList())
            .Add(g => g.RowsPerPage, 10)
            .Add(g => g.Columns, (Microsoft.AspNetCore.Components.RenderFragment)(b =>
            {
                b.OpenComponent<PropertyColumn<int, int>>(0);
                b.AddAttribute(1, nameof(PropertyColumn<int, int>.Property), (System.Linq.Expressions.Expression<Func<int, int>>)(i => i));
                b.CloseComponent();
            }))
            .Add(g => g.PagerContent, (Microsoft.AspNetCore.Components.RenderFragment)(b =>
            {
                b.OpenComponent<MudDataGridPager<int>>(0);
                b.CloseComponent();
            })));

        var pager = grid.WaitForElement(".mud-table-pagination");
        Assert.Contains(rowsPerPage, pager.TextContent, StringComparison.Ordinal);
        Assert.Contains(info, pager.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_in_text_of_mudblazor_has_a_spanish_and_an_english_translation_in_the_portals_resources()
    {
        var keys = MudBlazorKeys();
        Assert.NotEmpty(keys);
        var portal = Context.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

        var missing = new List<string>();
        foreach (var culture in (string[])["es", "en"])
        {
            using var _ = new UiCulture(culture);
            missing.AddRange(keys
                .Where(key => portal[PortalMudLocalizer.ResourcePrefix + key] is { ResourceNotFound: true } || !HasOwnValue(culture, key))
                .Select(key => $"{culture}: {key}"));
        }

        Assert.True(missing.Count == 0, $"No translation for:\n{string.Join("\n", missing)}");
    }

    // The English file must carry its own value: falling back to the neutral (Spanish) one would show Spanish to English readers.
    private static bool HasOwnValue(string culture, string key)
    {
        var resources = new ResourceManager(typeof(SharedResource));
        var set = resources.GetResourceSet(culture == "es" ? CultureInfo.InvariantCulture : new CultureInfo(culture), createIfNotExists: true, tryParents: false);
        return set?.GetString(PortalMudLocalizer.ResourcePrefix + key) is { Length: > 0 };
    }

    private static List<string> MudBlazorKeys()
    {
        var assembly = typeof(MudLocalizer).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("LanguageResource.resources", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new ResourceReader(stream);
        return reader.Cast<DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal).ToList();
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo previous = CultureInfo.CurrentUICulture;
        private readonly CultureInfo previousFormat = CultureInfo.CurrentCulture;

        public UiCulture(string culture)
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            CultureInfo.CurrentCulture = new CultureInfo(culture);
        }

        public void Dispose()
        {
            CultureInfo.CurrentUICulture = previous;
            CultureInfo.CurrentCulture = previousFormat;
        }
    }
}
