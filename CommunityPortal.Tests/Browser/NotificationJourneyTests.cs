using CommunityPortal.Features.Notifications;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

public class NotificationJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task The_residents_bell_counts_a_status_change_made_elsewhere_without_reload_and_leads_to_the_ticket(bool phone) =>
        browser.RunAsync($"notification-bell-{(phone ? "phone" : "desktop")}", async page =>
        {
            var app = browser.App;
            var ana = await ServiceUsers.GetAsync(app, "ana@demo.local");
            var gestor = await ServiceUsers.GetAsync(app, "gestor@demo.local");
            await using (var scope = app.Services.CreateAsyncScope())
            {
                // Start from a clean bell so the count is known.
                await scope.ServiceProvider.GetRequiredService<NotificationService>().MarkAllReadAsync(ana, default);
            }

            int ticketId, enProceso, enRevision;
            await using (var db = app.CreateDbContext())
            {
                ticketId = await db.Tickets.Where(t => t.Resident.UserId == ana.UserId && t.Contenido!.Contains("portón")).Select(t => t.Id).SingleAsync();
                enProceso = await db.Statuses.Where(s => s.Code == "EN_PROCESO").Select(s => s.Id).SingleAsync();
                enRevision = await db.Statuses.Where(s => s.Code == "EN_REVISION").Select(s => s.Id).SingleAsync();
            }

            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await BrowserFixture.WaitForAppAsync(page);
            var bell = page.GetByTestId("notification-bell");
            await Expect(bell).ToBeVisibleAsync();
            await Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("0", new() { UseInnerText = false });

            // The administration changes the status in another place (the same service the admin pages use).
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
                var current = (await scope.ServiceProvider.GetRequiredService<TicketQueries>().GetAsync(gestor, ticketId, default)).Value!;
                var next = current.StatusId == enProceso ? enRevision : enProceso;
                var result = await tickets.UpdateAsync(gestor, ticketId, new UpdateTicketRequest(null, next, null, null), null, default);
                Assert.True(result.Succeeded, result.Error.ToString());
            }

            await Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("1", new() { Timeout = 5_000, UseInnerText = false });
            await Expect(page.Locator(".mud-badge").Filter(new() { HasText = "1" })).ToBeVisibleAsync();
            await Expect(bell).ToHaveAttributeAsync("aria-label", "Notificaciones: 1 sin leer");

            await bell.ClickAsync();
            var item = page.GetByTestId("notification-item").First;
            await Expect(item).ToContainTextAsync("Gestor Demo cambió el estado a");
            await Expect(item).ToContainTextAsync($"Ticket #{ticketId}");
            await BrowserFixture.KeepScreenshotAsync(page, $"notification-bell-open-{(phone ? "phone" : "desktop")}", fullPage: false);

            if (phone)
            {
                var box = (await page.Locator(".notification-popover").BoundingBoxAsync())!;
                Assert.True(box.X >= 0 && box.X + box.Width <= 375, $"The list overflows the phone screen: {box.X}+{box.Width}.");
            }

            await item.ClickAsync();

            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseUri, $"/tickets/{ticketId}").ToString());
            await Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("0", new() { UseInnerText = false });
            if (phone)
            {
                var scrolls = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
                Assert.False(scrolls, "The phone viewport scrolls sideways.");
            }
        }, phone);
}
