using Bunit;
using CommunityPortal.Components.Shared;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Components;

public class SearchBoxTests : PortalComponentTest
{
    [Fact]
    public async Task What_is_typed_is_handed_on_trimmed_once_typing_pauses()
    {
        var searches = new List<string?>();
        var box = Context.Render<SearchBox>(p => p
            .Add(s => s.Label, "Buscar en mis tickets")
            .Add(s => s.DebounceMilliseconds, 50)
            .Add(s => s.ValueChanged, (string? q) => searches.Add(q)));

        box.Find("input").Input("pis");
        box.Find("input").Input("  piscina ");
        Assert.Empty(searches); // not on every key

        await WaitUntilAsync(() => searches.Count > 0);
        Assert.Equal(["piscina"], searches);
        Assert.Equal("Buscar en mis tickets", box.Find("input").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task Typing_back_to_the_search_in_effect_starts_no_new_search()
    {
        var searches = new List<string?>();
        var box = Context.Render<SearchBox>(p => p
            .Add(s => s.Label, "Buscar")
            .Add(s => s.Value, "agua")
            .Add(s => s.DebounceMilliseconds, 20)
            .Add(s => s.ValueChanged, (string? q) => searches.Add(q)));

        box.Find("input").Input("agu");
        box.Find("input").Input("agua ");
        await Task.Delay(200);

        Assert.Empty(searches);
    }

    [Fact]
    public void The_clear_button_empties_the_field_ends_the_search_and_only_shows_when_there_is_text()
    {
        var searches = new List<string?>();
        var box = Context.Render<SearchBox>(p => p
            .Add(s => s.Label, "Buscar")
            .Add(s => s.Value, "portón")
            .Add(s => s.TestId, "ticket-search")
            .Add(s => s.ValueChanged, (string? q) => searches.Add(q)));
        Assert.Equal("portón", box.Find("input").GetAttribute("value"));
        Assert.Equal("Borrar la búsqueda", box.Find("[data-testid=ticket-search-clear]").GetAttribute("aria-label"));

        box.Find("[data-testid=ticket-search-clear]").Click();

        Assert.Equal([null], searches);
        Assert.True(string.IsNullOrEmpty(box.Find("input").GetAttribute("value")));
        Assert.Empty(box.FindAll("[data-testid=ticket-search-clear]"));
    }

    [Fact]
    public void A_new_search_from_outside_replaces_what_the_field_holds()
    {
        var box = Context.Render<SearchBox>(p => p.Add(s => s.Label, "Buscar").Add(s => s.Value, "agua"));
        box.Find("input").Input("luz");

        // Back/forward: the address now says "portón".
        box.Render(p => p.Add(s => s.Value, "portón"));

        Assert.Equal("portón", box.Find("input").GetAttribute("value"));
        Assert.NotEmpty(box.FindAll(".portal-search-clear"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }
}
