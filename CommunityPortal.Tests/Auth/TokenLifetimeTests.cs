using System.Net;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Auth;

/// <summary>Access tokens last 15 minutes, refresh tokens 14 days (the app's clock is driven, not waited for).</summary>
public class TokenLifetimeTests(ClockFactory factory) : IClassFixture<ClockFactory>
{
    [Fact]
    public async Task An_access_token_lasts_15_minutes()
    {
        var tokens = await ApiTokens.LoginAsync(factory, "luis@demo.local");
        Assert.Equal(900, tokens.ExpiresIn);

        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, await tokens.MeStatusAsync(factory));

        factory.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await tokens.MeStatusAsync(factory));
    }

    [Fact]
    public async Task A_refresh_token_lasts_14_days()
    {
        var kept = await ApiTokens.LoginAsync(factory, "ana@demo.local");
        var expired = await ApiTokens.LoginAsync(factory, "ana@demo.local");

        factory.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        var renewed = await ApiTokens.RefreshAsync(factory, kept.RefreshToken);
        Assert.NotNull(renewed);
        Assert.Equal(HttpStatusCode.OK, await renewed.MeStatusAsync(factory));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await ApiTokens.RefreshAsync(factory, expired.RefreshToken));
    }
}
