using System.Net;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CommunityPortal.Tests.Auth;

/// <summary>
/// The browser session's periodic re-check of the account (PortalIdentityOptions.SessionCheckInterval), now made by
/// DeferredSecurityStampValidator: skipped while the cookie is fresh, made (and acted on) once it is due.
/// </summary>
public class SessionCheckTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task A_fresh_session_cookie_is_not_checked_against_the_account_again()
    {
        using var client = factory.CreateAnonymousClient();
        await StaticForms.SignInAsync(client, "ana@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tickets")).StatusCode);

        await NewSecurityStampAsync(factory.Services, "ana@demo.local");

        // Within the interval the cookie stands (the account is re-read at most once a minute).
        using var page = await client.GetAsync("/tickets");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Mis tickets", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.IsType<DeferredSecurityStampValidator>(factory.Services.GetRequiredService<ISecurityStampValidator>());
    }

    [Fact]
    public async Task Once_the_check_is_due_a_changed_account_ends_the_session_and_an_unchanged_one_goes_on()
    {
        await using var later = new LaterClockFactory();
        using var kept = later.CreateAnonymousClient();
        using var ended = later.CreateAnonymousClient();
        await StaticForms.SignInAsync(kept, "luis@demo.local");
        await StaticForms.SignInAsync(ended, "marta@demo.local");

        await NewSecurityStampAsync(later.Services, "marta@demo.local");

        Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("/tickets")).StatusCode);
        using var signedOut = await ended.GetAsync("/tickets");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Contains("Account/Login", signedOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("/tickets")).StatusCode);
    }

    private static async Task NewSecurityStampAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email);
        Assert.True((await users.UpdateSecurityStampAsync(user!)).Succeeded);
    }

    /// <summary>The check's clock runs two minutes ahead, so every session cookie is due for it.</summary>
    private sealed class LaterClockFactory : PortalAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(
                o => o.TimeProvider = new AheadClock(PortalIdentityOptions.SessionCheckInterval * 2)));
        }
    }

    private sealed class AheadClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + ahead;
    }
}
