using System.Text.RegularExpressions;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>
/// The ticket page as the administration uses it: from the grid to a ticket, a status change with a public note that
/// the resident, with the page open in her own browser, sees arrive without reloading; and what the resident never sees.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TicketAdminJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Ana = "ana@demo.local";
    private const string Gestor = "gestor@demo.local";

    /// <summary>Live changes must show within "a couple of seconds"; a little slack for a busy 2-core machine.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 6_000 };

    private static ILocator OpenPopover(IPage page) => page.Locator(".mud-popover-open");

    private static ILocator GridRows(IPage page) => page.Locator("[data-testid=tickets-grid] tbody tr:has([data-testid=ticket-link])");

    private static ILocator HeaderChip(IPage page) => page.Locator(".ticket-header").GetByTestId("status-chip");

    [Fact]
    public Task Gestor_moves_anas_ticket_to_en_proceso_with_a_note_and_her_open_page_shows_chip_and_note_without_reload() =>
        browser.RunAsync("ticket-admin-live", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            // In the demo data the NUEVO ticket in Los Robles is Luis's; ana's that the gestor can move on is "En revisión".
            var ticketId = await AnasTicketAsync(demo.EnRevision);
            var note = $"Pedimos repuesto del motor del portón; llega el jueves ({Guid.NewGuid():N}).";

            // Ana has her ticket open in a browser of her own.
            await using var anaContext = await browser.NewContextAsync();
            anaContext.SetDefaultTimeout(15_000);
            var anaPage = await anaContext.NewPageAsync();
            await BrowserFixture.SignInAsync(anaPage, Ana);
            await anaPage.GotoAsync($"/tickets/{ticketId}");
            await BrowserFixture.WaitForAppAsync(anaPage);
            await Expect(HeaderChip(anaPage)).ToHaveAttributeAsync("data-status-code", "EN_REVISION");
            await Expect(anaPage.GetByTestId("comment-empty")).ToBeVisibleAsync();
            var navigations = 0;
            anaPage.FrameNavigated += (_, frame) => navigations += frame == anaPage.MainFrame ? 1 : 0;

            // The gestor finds it in the grid: En revisión, Residencial Los Robles.
            await BrowserFixture.SignInAsync(page, Gestor);
            await page.GotoAsync("/admin/tickets");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(GridRows(page).First).ToBeVisibleAsync();
            await page.GetByTestId("filter-status").ClickAsync();
            await OpenPopover(page).Locator("[data-status-code=EN_REVISION]").ClickAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(page).ToHaveURLAsync(new Regex($"status={demo.EnRevision}"));
            await page.GetByTestId("filter-community").ClickAsync();
            await OpenPopover(page).GetByText("Residencial Los Robles").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"community={demo.Robles}"));
            var row = GridRows(page);
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync("Ana Pérez");
            await Expect(row.GetByTestId("ticket-link")).ToHaveTextAsync($"#{ticketId}");

            await row.GetByTestId("ticket-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/tickets/{ticketId}$"));
            var panel = page.GetByTestId("admin-panel");
            await Expect(panel).ToBeVisibleAsync();
            await Expect(page.GetByTestId("contact-name")).ToHaveTextAsync("Ana Pérez");

            // En proceso, with a note for ana.
            await panel.GetByTestId("admin-status").ClickAsync();
            var option = OpenPopover(page).Locator("[data-status-code=EN_PROCESO]");
            await Expect(option).ToHaveCSSAsync("background-color", "rgb(253, 216, 53)");
            await option.ClickAsync();
            await Expect(panel.GetByTestId("admin-change-preview").GetByTestId("status-chip").Last).ToHaveAttributeAsync("data-status-code", "EN_PROCESO");
            await page.Locator($"#admin-note-{ticketId}").FillAsync(note);
            await panel.GetByTestId("admin-save").ClickAsync();
            await Expect(HeaderChip(page)).ToHaveAttributeAsync("data-status-code", "EN_PROCESO");
            await Expect(page.Locator($"#admin-note-{ticketId}")).ToHaveValueAsync("");

            // Ana's page follows: the chip in its new color, and the note in her thread from the administration.
            var chip = HeaderChip(anaPage);
            await Expect(chip).ToHaveAttributeAsync("data-status-code", "EN_PROCESO", Live);
            await Expect(chip).ToHaveTextAsync("En proceso");
            await Expect(chip).ToHaveCSSAsync("background-color", "rgb(253, 216, 53)");
            var arrived = anaPage.GetByTestId("comment").Filter(new() { Has = anaPage.GetByTestId("comment-text").Filter(new() { HasText = note }) });
            await Expect(arrived).ToHaveCountAsync(1, new() { Timeout = 6_000 });
            await Expect(arrived.GetByTestId("comment-author")).ToHaveTextAsync("Gestor Demo");
            await Expect(arrived.GetByTestId("admin-badge")).ToHaveTextAsync("Administración");
            await Expect(anaPage.GetByTestId("timeline-entry").And(anaPage.Locator("[data-action=statusChanged]")).Last)
                .ToContainTextAsync("Estado cambiado a En proceso");
            // Ana still sees nothing of the administration's tools.
            await Expect(anaPage.GetByTestId("admin-panel")).ToHaveCountAsync(0);
            await Expect(anaPage.GetByTestId("contact-panel")).ToHaveCountAsync(0);
            Assert.Equal(0, navigations);
            await BrowserFixture.KeepScreenshotAsync(anaPage, "ticket-admin-live-resident-desktop");
        });

    [Fact]
    public Task Anas_own_view_of_her_ticket_has_no_management_card_and_no_contact_panel() =>
        browser.RunAsync("ticket-admin-resident-view", async page =>
        {
            var poolId = await PoolTicketIdAsync();
            await BrowserFixture.SignInAsync(page, Ana);
            await page.GotoAsync($"/tickets/{poolId}");
            await BrowserFixture.WaitForAppAsync(page);
            // The page is fully drawn (details, history and thread) before looking for what must not be there.
            await Expect(page.GetByTestId("ticket-description")).ToContainTextAsync("fuga de agua en la piscina");
            await Expect(page.GetByTestId("timeline-entry").First).ToBeVisibleAsync();
            await Expect(page.GetByTestId("comment-list")).ToBeVisibleAsync();

            await Expect(page.GetByTestId("admin-panel")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("contact-panel")).ToHaveCountAsync(0);
            await Expect(page.Locator("body")).Not.ToContainTextAsync("Gestión del ticket");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("+56 9 5555 1212");
            await Expect(page.Locator("a[href^='tel:'], a[href^='mailto:']")).ToHaveCountAsync(0);
            // Her way back is her own list, not the administration's grid.
            await Expect(page.Locator(".mud-breadcrumbs a[href='/tickets']")).ToHaveCountAsync(1);
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task The_admin_ticket_page_fits_the_screen_with_a_compact_card_and_is_kept_as_a_screenshot(bool phone) =>
        browser.RunAsync($"ticket-admin-page-{(phone ? "phone" : "desktop")}", async page =>
        {
            var poolId = await PoolTicketIdAsync();
            var width = phone ? 375 : 1280;
            await BrowserFixture.SignInAsync(page, Gestor);
            await page.GotoAsync($"/tickets/{poolId}");
            await BrowserFixture.WaitForAppAsync(page);
            var panel = page.GetByTestId("admin-panel");
            await Expect(panel).ToBeVisibleAsync();
            await Expect(page.GetByTestId("contact-panel")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("comment-list")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("contact-phone")).ToHaveAttributeAsync("href", "tel:+56955551212");
            await Expect(page.GetByTestId("contact-email")).ToHaveAttributeAsync("href", "mailto:ana@demo.local");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await BrowserFixture.KeepScreenshotAsync(page, $"ticket-admin-{(phone ? "phone" : "desktop")}");

            var details = await BoxAsync(page.GetByTestId("ticket-details"));
            var card = await BoxAsync(panel);
            var thread = await BoxAsync(page.GetByTestId("comments-section"));
            Assert.True(card.Height <= 420, $"The management card is {card.Height:0} px tall: a wall, not a card.");
            if (phone)
            {
                // One column: details, then the card, then (after contact and history) the thread.
                Assert.True(card.Y > details.Y + details.Height - 1 && thread.Y > card.Y + card.Height, "On a phone the card sits between details and thread.");
            }
            else
            {
                // The card beside the details; the thread right under the details, not under the taller side column.
                Assert.True(card.X > details.X + details.Width - 1 && Math.Abs(card.Y - details.Y) < 2, "On a desktop the card sits beside the details.");
                Assert.True(thread.Y - (details.Y + details.Height) < 48, $"A gap of {thread.Y - (details.Y + details.Height):0} px between details and thread.");
            }

            Assert.True(await ScrollWidthAsync(page) <= width, $"The page scrolls sideways at {width} px.");
            // The status list opens inside the screen too.
            await panel.GetByTestId("admin-status").ClickAsync();
            await Expect(OpenPopover(page).Locator("[data-status-code=RESUELTO]")).ToBeVisibleAsync();
            var list = await BoxAsync(OpenPopover(page).First);
            Assert.True(list.X >= 0 && list.X + list.Width <= width, $"The status list spans {list.X:0}..{list.X + list.Width:0} on a {width}-px screen.");
            Assert.True(await ScrollWidthAsync(page) <= width, $"The open status list makes the page scroll sideways at {width} px.");
        }, phone);

    private async Task<int> AnasTicketAsync(int statusId)
    {
        var demo = await DemoData.LoadAsync(browser.App);
        await using var db = browser.App.CreateDbContext();
        return await db.Tickets.Where(t => t.ResidentId == demo.Ana && t.StatusId == statusId && t.CommunityId == demo.Robles)
            .Select(t => t.Id).SingleAsync();
    }

    private async Task<int> PoolTicketIdAsync()
    {
        await using var db = browser.App.CreateDbContext();
        return await db.Tickets.Where(t => t.Contenido!.Contains("fuga de agua en la piscina")).Select(t => t.Id).SingleAsync();
    }

    private static Task<int> ScrollWidthAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator locator) =>
        await locator.BoundingBoxAsync() ?? throw new InvalidOperationException("The element is not on screen.");

}
