using System.Security.Claims;
using Bunit;
using CommunityPortal.Auth;
using CommunityPortal.Data;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CommunityPortal.Tests.Email;

/// <summary>"Mi cuenta" › Avisos por correo: shows the stored preferences and saves the user's choice.</summary>
public class NotificationPreferencesPageTests : PortalComponentTest, IClassFixture<PortalAppFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly PortalAppFactory app;

    public NotificationPreferencesPageTests(PortalAppFactory app)
    {
        this.app = app;
        Context.Services.AddSingleton(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>());
        Context.Services.AddScoped<NotificationPreferenceService>();
        Context.Services.AddScoped<CurrentUserAccessor>();
    }

    private async Task<string> SignInAsNewResidentAsync()
    {
        var email = await TestUsers.CreateResidentAsync(app, "prefs-page");
        var user = await ServiceUsers.GetAsync(app, email);
        Context.AddAuthorization().SetAuthorized(email).SetRoles(Roles.Resident)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, user.UserId));
        return user.UserId;
    }

    [Fact]
    public async Task The_page_shows_the_defaults_in_spanish_and_saves_language_and_frequencies()
    {
        var userId = await SignInAsNewResidentAsync();
        var page = Context.Render<NotificationPreferencesPage>();

        page.WaitForAssertion(() => Assert.Equal(6, page.FindComponents<MudSelect<string>>().Count), Wait);
        Assert.Contains("Avisos por correo", page.Markup, StringComparison.Ordinal);
        Assert.Contains("Cambios de estado de un ticket", page.Markup, StringComparison.Ordinal);
        var selects = page.FindComponents<MudSelect<string>>();
        // Each select shows its stored choice.
        Assert.Contains("Español", selects[0].Markup, StringComparison.Ordinal);
        Assert.Contains("Al momento", selects[1].Markup, StringComparison.Ordinal);
        Assert.Contains("Enviarlo", selects[5].Markup, StringComparison.Ordinal);

        await page.InvokeAsync(() => selects[0].Instance.ValueChanged.InvokeAsync("en"));
        await page.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync("off"));
        await page.InvokeAsync(() => selects[5].Instance.ValueChanged.InvokeAsync("off"));
        await page.Find("[data-testid=prefs-save]").ClickAsync(new());

        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>();
        page.WaitForAssertion(() =>
        {
            var stored = service.GetAsync(userId, CancellationToken.None).GetAwaiter().GetResult();
            Assert.Equal("en", stored.Language);
            Assert.Equal("off", stored.Email.StatusChanged);
            Assert.Equal("immediate", stored.Email.CommentAdded);
            Assert.Equal("off", stored.Email.Digest);
        }, Wait);
    }
}
