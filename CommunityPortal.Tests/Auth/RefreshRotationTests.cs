using System.Net;
using System.Net.Http.Json;
using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Auth;

/// <summary>Refresh tokens rotate, a spent one presented again revokes its whole sign-in, and logout ends a sign-in.</summary>
public class RefreshRotationTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Every_refresh_returns_a_new_refresh_token_and_spends_the_one_presented()
    {
        var signIn = await ApiTokens.LoginAsync(factory, "luis@demo.local");

        var renewed = await ApiTokens.RefreshAsync(factory, signIn.RefreshToken);

        Assert.NotNull(renewed);
        Assert.NotEqual(signIn.RefreshToken, renewed.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, await renewed.MeStatusAsync(factory));
        Assert.Null(await ApiTokens.RefreshAsync(factory, signIn.RefreshToken));
    }

    [Fact]
    public async Task A_spent_refresh_token_presented_again_revokes_every_token_of_that_sign_in_only()
    {
        var stolen = await ApiTokens.LoginAsync(factory, "ana@demo.local");
        var otherSignIn = await ApiTokens.LoginAsync(factory, "ana@demo.local");
        var legitimate = await ApiTokens.RefreshAsync(factory, stolen.RefreshToken);
        Assert.NotNull(legitimate);

        // The thief replays the refresh token the owner already used.
        Assert.Null(await ApiTokens.RefreshAsync(factory, stolen.RefreshToken));

        Assert.Null(await ApiTokens.RefreshAsync(factory, legitimate.RefreshToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await legitimate.MeStatusAsync(factory));
        Assert.Equal(HttpStatusCode.OK, await otherSignIn.MeStatusAsync(factory));
        Assert.NotNull(await ApiTokens.RefreshAsync(factory, otherSignIn.RefreshToken));
    }

    [Fact]
    public async Task Logout_ends_that_refresh_token_and_the_access_tokens_issued_with_it()
    {
        var session = await ApiTokens.LoginAsync(factory, "marta@demo.local");
        var otherSession = await ApiTokens.LoginAsync(factory, "marta@demo.local");
        using var client = session.Client(factory);

        using var logout = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = session.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await session.MeStatusAsync(factory));
        Assert.Null(await ApiTokens.RefreshAsync(factory, session.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, await otherSession.MeStatusAsync(factory));
    }

    [Fact]
    public async Task Logout_needs_a_signed_in_caller_and_cannot_end_someone_elses_sign_in()
    {
        var victim = await ApiTokens.LoginAsync(factory, "luis@demo.local");
        using var anonymous = factory.CreateAnonymousClient();
        using var unauthenticated = await anonymous.PostAsJsonAsync("/api/auth/logout", new { refreshToken = victim.RefreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        var other = await ApiTokens.LoginAsync(factory, "ana@demo.local");
        using var client = other.Client(factory);
        using var foreign = await client.PostAsJsonAsync("/api/auth/logout", new { refreshToken = victim.RefreshToken });

        Assert.Equal(HttpStatusCode.NoContent, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await victim.MeStatusAsync(factory));
        Assert.NotNull(await ApiTokens.RefreshAsync(factory, victim.RefreshToken));
    }

    [Fact]
    public async Task Logout_without_a_refresh_token_is_400()
    {
        var session = await ApiTokens.LoginAsync(factory, "luis@demo.local");
        using var client = session.Client(factory);

        using var response = await client.PostAsJsonAsync("/api/auth/logout", new { });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
