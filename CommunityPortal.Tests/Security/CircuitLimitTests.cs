using System.Runtime.CompilerServices;
using System.Security.Claims;
using Bunit;
using CommunityPortal.Components;
using CommunityPortal.Components.Circuits;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommunityPortal.Tests.Security;

/// <summary>At most 20 open circuits per user: the 21st tab gets a message instead of the page, and its circuit ends.</summary>
public class CircuitLimitTests : PortalComponentTest
{
    // The handler never looks inside the circuit it is handed; the framework's Circuit has no public constructor.
    private static readonly Circuit AnyCircuit = (Circuit)RuntimeHelpers.GetUninitializedObject(typeof(Circuit));

    private readonly OpenCircuits open = new();

    private async Task<(PerUserCircuitLimit Handler, CircuitAdmission Admission)> OpenCircuitAsync(string? userId, int limit = 20)
    {
        var admission = new CircuitAdmission();
        var handler = new PerUserCircuitLimit(open, admission, new SignedIn(userId),
            Options.Create(new CircuitLimitOptions { MaxPerUser = limit }), NullLogger<PerUserCircuitLimit>.Instance);
        await handler.OnCircuitOpenedAsync(AnyCircuit, CancellationToken.None);
        return (handler, admission);
    }

    [Fact]
    public async Task The_twenty_first_circuit_of_a_user_is_refused_and_closing_one_makes_room()
    {
        var first20 = new List<PerUserCircuitLimit>();
        for (var i = 0; i < 20; i++)
        {
            var (handler, admission) = await OpenCircuitAsync("ana");
            Assert.False(admission.Refused);
            first20.Add(handler);
        }

        var (refused, refusedAdmission) = await OpenCircuitAsync("ana");
        var (luis, luisAdmission) = await OpenCircuitAsync("luis");

        Assert.True(refusedAdmission.Refused);
        Assert.False(luisAdmission.Refused); // another user is not affected
        Assert.Equal(20, open.CountFor("ana"));

        // The refused circuit closing takes nothing from the count; a real one closing frees a place.
        await refused.OnCircuitClosedAsync(AnyCircuit, CancellationToken.None);
        Assert.Equal(20, open.CountFor("ana"));
        await first20[0].OnCircuitClosedAsync(AnyCircuit, CancellationToken.None);
        await first20[0].OnCircuitClosedAsync(AnyCircuit, CancellationToken.None);
        Assert.Equal(19, open.CountFor("ana"));

        var (again, againAdmission) = await OpenCircuitAsync("ana");
        Assert.False(againAdmission.Refused);
        Assert.Equal(20, open.CountFor("ana"));
        await luis.OnCircuitClosedAsync(AnyCircuit, CancellationToken.None);
        Assert.Equal(0, open.CountFor("luis"));
        GC.KeepAlive(again);
    }

    [Fact]
    public async Task A_circuit_without_a_signed_in_user_is_refused()
    {
        var (_, admission) = await OpenCircuitAsync(null);

        Assert.True(admission.Refused);
    }

    [Fact]
    public async Task Zero_turns_the_limit_off()
    {
        for (var i = 0; i < 30; i++)
        {
            var (_, admission) = await OpenCircuitAsync("ana", limit: 0);
            Assert.False(admission.Refused);
        }

        Assert.Equal(30, open.CountFor("ana"));
    }

    [Fact]
    public void A_refused_circuit_shows_why_instead_of_the_page_and_then_ends()
    {
        Context.Services.AddScoped(_ => new CircuitAdmission { Refused = true });
        Context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        var failure = Assert.ThrowsAny<Exception>(() => Context.Render<Routes>());

        Assert.IsType<CircuitLimitExceededException>(failure is AggregateException aggregate ? aggregate.InnerException : failure);
    }

    [Fact]
    public void The_message_names_the_cause_and_offers_a_reload()
    {
        Context.Services.AddScoped(_ => new CircuitAdmission { Refused = true });
        Context.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var page = Context.Render<Routes>();

        Assert.Contains("Tienes abiertas demasiadas pestañas o ventanas del portal", page.Find("[data-testid=too-many-windows]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".portal-layout"));
    }

    private sealed class SignedIn(string? userId) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(userId is null
                ? new ClaimsPrincipal(new ClaimsIdentity())
                : new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "test"))));
    }
}

/// <summary>The app's circuits keep the bounds of appsettings.json.</summary>
public class CircuitOptionsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public void The_circuit_options_are_bounded()
    {
        var provider = factory.Services;

        var circuits = provider.GetRequiredService<IOptions<CircuitOptions>>().Value;
        // Blazor's hub type is internal: its options are read by name.
        var componentHub = typeof(CircuitOptions).Assembly.GetType("Microsoft.AspNetCore.Components.Server.ComponentHub", throwOnError: true)!;
        var hubOptions = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(typeof(Microsoft.AspNetCore.SignalR.HubOptions<>).MakeGenericType(componentHub)));
        var hub = (Microsoft.AspNetCore.SignalR.HubOptions)hubOptions.GetType().GetProperty("Value")!.GetValue(hubOptions)!;

        Assert.Equal(100, circuits.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(2), circuits.DisconnectedCircuitRetentionPeriod);
        Assert.Equal(10, circuits.MaxBufferedUnacknowledgedRenderBatches);
        Assert.Contains(provider.GetServices<CircuitHandler>(), h => h is PerUserCircuitLimit);
        Assert.Equal(32 * 1024, hub.MaximumReceiveMessageSize);
    }
}
