using CommunityPortal.Features.Email;
using CommunityPortal.Features.Notifications;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

public class EmailPreferencesJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task A_resident_sets_email_preferences_from_the_drawer_and_an_emails_unsubscribe_link_turns_a_kind_off() =>
        browser.RunAsync("email-preferences", async page =>
        {
            var app = browser.App;
            var luis = await ServiceUsers.GetAsync(app, "luis@demo.local");
            async Task<PreferencesDto> StoredAsync()
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<NotificationPreferenceService>().GetAsync(luis.UserId, default);
            }

            await BrowserFixture.SignInAsync(page, "luis@demo.local");
            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("nav-notification-preferences").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Avisos por correo", Level = 1 })).ToBeVisibleAsync();

            await page.GetByTestId("prefs-commentAdded").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Nunca" }).ClickAsync();
            // Let the list close first, or the click on "Guardar" only closes it.
            await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
            await page.GetByTestId("prefs-save").ClickAsync();
            await Expect(page.GetByText("Preferencias guardadas.")).ToBeVisibleAsync();
            Assert.Equal(EmailFrequency.Off, (await StoredAsync()).Email.CommentAdded);
            await BrowserFixture.KeepScreenshotAsync(page, "email-preferences-desktop");

            // The link at the foot of a status e-mail: a static page, then one button.
            var link = app.Services.GetRequiredService<NotificationMail>().UnsubscribeUrl(luis.UserId, PreferenceKinds.StatusChanged);
            await page.GotoAsync(link);
            await Expect(page.GetByText("¿Quieres dejar de recibir los correos de «Cambios de estado de un ticket»")).ToBeVisibleAsync();
            await BrowserFixture.KeepScreenshotAsync(page, "email-unsubscribe-confirm");
            await page.GetByTestId("unsubscribe-confirm").ClickAsync();
            await Expect(page.GetByTestId("unsubscribe-done")).ToBeVisibleAsync();
            Assert.Equal(EmailFrequency.Off, (await StoredAsync()).Email.StatusChanged);
        });
}
