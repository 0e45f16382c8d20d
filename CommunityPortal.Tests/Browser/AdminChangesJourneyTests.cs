using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>Admin journeys that change data, on their own app so the read-only journeys keep the seeded numbers.</summary>
public class AdminChangesJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Gestor_selects_a_ticket_and_changes_its_status_from_the_grid() =>
        browser.RunAsync("admin-bulk-status", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync($"/admin/tickets?status={demo.Nuevo}&community={demo.Robles}");
            await BrowserFixture.WaitForAppAsync(page);
            var rows = page.Locator("[data-testid=tickets-grid] tbody tr:has([data-testid=ticket-link])");
            await Expect(rows).ToHaveCountAsync(1);

            await rows.First.Locator(".mud-checkbox").ClickAsync();
            await page.GetByTestId("bulk-status").ClickAsync();
            await page.Locator(".mud-dialog [data-testid=status-chip][data-status-code=EN_REVISION]").ClickAsync();
            await page.GetByTestId("bulk-apply").ClickAsync();

            await Expect(page.GetByTestId("bulk-result")).ToContainTextAsync("Estado cambiado en 1 tickets.");
            await Expect(rows).ToHaveCountAsync(0);
            await page.GotoAsync($"/admin/tickets?status={demo.EnRevision}&community={demo.Robles}");
            await Expect(rows).ToHaveCountAsync(2);
        });

    [Fact]
    public Task Admin_moves_a_category_down_and_the_order_sticks() =>
        browser.RunAsync("admin-category-order", async page =>
        {
            await BrowserFixture.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/categories");
            await BrowserFixture.WaitForAppAsync(page);
            var names = page.GetByTestId("category-name");
            await Expect(names.First).ToHaveTextAsync("Áreas comunes");

            await page.GetByTestId("category-down").First.ClickAsync();

            await Expect(names.Nth(0)).ToHaveTextAsync("Amenidades");
            await Expect(names.Nth(1)).ToHaveTextAsync("Áreas comunes");
            await page.ReloadAsync();
            await Expect(names.Nth(0)).ToHaveTextAsync("Amenidades");
        });
}
