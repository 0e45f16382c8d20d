using Bunit;
using CommunityPortal.Components.Shared;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Components;

public class SearchBoxTests : PortalComponentTest
{
    /// <summary>The debounce clock, driven by the tests: nothing is handed on until they say the pause is over.</summary>
    private readonly ManualClock clock = new();

    public SearchBoxTests() => Context.Services.AddSingleton<TimeProvider>(clock);

    [Fact]
    public void What_is_typed_is_handed_on_trimmed_once_typing_pauses()
    {
        var searches = new List<string?>();
        var box = Context.Render<SearchBox>(p => p
            .Add(s => s.Label, "Buscar en mis tickets")
            .Add(s => s.DebounceMilliseconds, 50)
            .Add(s => s.ValueChanged, (string? q) => searches.Add(q)));

        box.Find("input").Input("pis");
        box.Find("input").Input("  piscina ");
        Assert.Empty(searches); // not on every key
        Assert.Equal(TimeSpan.FromMilliseconds(50), clock.Timer.DueTime);

        clock.Timer.Fire();

        box.WaitForAssertion(() => Assert.Equal(["piscina"], searches));
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
        // The pause is over: the callback runs (on the renderer's dispatcher) and decides there is nothing new.
        clock.Timer.Fire();
        await box.InvokeAsync(() => { });

        Assert.Equal(1, clock.Timer.Fired);
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

    /// <summary>A clock whose one timer fires when the test says so (SearchBox makes a single debounce timer).</summary>
    private sealed class ManualClock : TimeProvider
    {
        public ManualTimer Timer { get; private set; } = null!;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Timer = new ManualTimer(callback, state, dueTime);
    }

    private sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan dueTime) : ITimer
    {
        public TimeSpan DueTime { get; private set; } = dueTime;

        public int Fired { get; private set; }

        public void Fire()
        {
            Assert.NotEqual(Timeout.InfiniteTimeSpan, DueTime); // only a started timer can fire
            DueTime = Timeout.InfiniteTimeSpan;
            Fired++;
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            return true;
        }

        public void Dispose() => DueTime = Timeout.InfiniteTimeSpan;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
