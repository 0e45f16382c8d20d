using System.Text.RegularExpressions;
using CommunityPortal.Auth;
using CommunityPortal.Features.Tickets;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>The resident's ticket pages as ana and luis use them.</summary>
[Collection(BrowserCollection.Name)]
public class TicketJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Ana = "ana@demo.local";
    private const string Luis = "luis@demo.local";

    [Fact]
    public Task Ana_reports_a_problem_and_lands_on_its_page_with_the_snackbar() =>
        browser.RunAsync("ticket-report", async page =>
        {
            await BrowserFixture.SignInAsync(page, Ana);
            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("nav-new-ticket").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reportar un problema", Level = 1 })).ToBeVisibleAsync();
            await BrowserFixture.KeepScreenshotAsync(page, "new-ticket-desktop");

            // Sending without a category keeps the text and says what is missing.
            await Description(page).FillAsync("La puerta del quincho no cierra bien.");
            await page.GetByTestId("new-ticket-submit").ClickAsync();
            await Expect(page.GetByText("Elige una categoría.")).ToBeVisibleAsync();
            await Expect(Description(page)).ToHaveValueAsync("La puerta del quincho no cierra bien.");

            await page.GetByTestId("category-select").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Mantenimiento" }).ClickAsync();
            // Let the list close first, or the click on "Enviar" only closes it.
            await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
            await page.GetByTestId("new-ticket-submit").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/tickets/\d+$"));
            var id = int.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Ticket #{id} creado");
            await Expect(page.GetByTestId("ticket-title")).ToHaveTextAsync($"Ticket #{id}");
            await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Nuevo");
            await Expect(page.GetByTestId("ticket-category")).ToHaveTextAsync("Mantenimiento");
            await Expect(page.GetByTestId("ticket-description")).ToHaveTextAsync("La puerta del quincho no cierra bien.");
            await Expect(page.GetByTestId("timeline-entry")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("comments-section").GetByRole(AriaRole.Heading, new() { Name = "Comentarios" })).ToBeVisibleAsync();
        });

    [Fact]
    public Task Ana_sees_only_her_tickets_and_filters_them_by_status_and_by_an_accented_search() =>
        browser.RunAsync("ticket-list", async page =>
        {
            await BrowserFixture.SignInAsync(page, Ana);
            var rows = page.GetByTestId("ticket-row");
            await Expect(rows.Filter(new() { HasText = "fuga de agua en la piscina" })).ToHaveCountAsync(1);
            await Expect(rows.Filter(new() { HasText = "portón de acceso" })).ToHaveCountAsync(1);
            await Expect(page.GetByText("ascensor de visitas")).ToHaveCountAsync(0); // luis's
            // A table: the column headers show, and each ticket is one row of it.
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Categoría" })).ToBeVisibleAsync();
            var pool = rows.Filter(new() { HasText = "piscina" });
            await Expect(pool.GetByRole(AriaRole.Cell, new() { Name = "Amenidades", Exact = true })).ToBeVisibleAsync();
            await Expect(pool.GetByTestId("status-chip")).ToHaveCSSAsync("background-color", "rgb(253, 216, 53)");
            await Expect(pool.GetByTestId("comment-count")).ToContainTextAsync("4");
            await BrowserFixture.KeepScreenshotAsync(page, "tickets-list-desktop");

            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("status-filter-EN_REVISION").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"[?&]status=\d+"));
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows.First).ToContainTextAsync("portón");

            await page.GetByTestId("status-filter-all").ClickAsync();
            await Expect(page).Not.ToHaveURLAsync(new Regex("status="));
            await page.Locator("[data-testid=ticket-search] input, input[data-testid=ticket-search]").FillAsync("piscína");
            await Expect(page).ToHaveURLAsync(new Regex("q=pisc"));
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows.First).ToContainTextAsync("fuga de agua en la piscina");

            // The search lives in the address: a reload keeps it, and the row opens the ticket.
            await page.ReloadAsync();
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(page.Locator("[data-testid=ticket-search] input, input[data-testid=ticket-search]")).ToHaveValueAsync("piscína");
            await BrowserFixture.WaitForAppAsync(page);
            await rows.First.GetByTestId("ticket-link").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/tickets/\d+$"));
            await Expect(page.GetByTestId("ticket-description")).ToContainTextAsync("fuga de agua en la piscina");
            var dots = page.GetByTestId("timeline-dot");
            await Expect(dots).ToHaveCountAsync(2);
            await Expect(dots.Nth(0)).ToHaveCSSAsync("background-color", "rgb(30, 136, 229)");
            await Expect(dots.Nth(1)).ToHaveCSSAsync("background-color", "rgb(253, 216, 53)");
            await BrowserFixture.KeepScreenshotAsync(page, "ticket-page-desktop");

            // A search without matches offers to clear it.
            await page.GotoAsync("/tickets?q=zzzz-nada");
            await Expect(page.GetByTestId("tickets-empty")).ToContainTextAsync("Ningún ticket coincide");
        });

    [Fact]
    public Task Ana_edits_the_description_and_a_concurrent_change_is_not_overwritten() =>
        browser.RunAsync("ticket-edit", async page =>
        {
            var id = await CreateTicketAsync(Ana, "Se cayó una rama sobre la reja del jardín.");
            await BrowserFixture.SignInAsync(page, Ana);
            await page.GotoAsync($"/tickets/{id}");
            await BrowserFixture.WaitForAppAsync(page);

            await page.GetByTestId("ticket-edit").ClickAsync();
            await EditDescription(page).FillAsync("Se cayó una rama grande sobre la reja del jardín, frente a la casa 12.");
            await BrowserFixture.KeepScreenshotAsync(page, "ticket-edit-desktop");
            await page.GetByTestId("edit-save").ClickAsync();
            await Expect(page.GetByTestId("ticket-description")).ToHaveTextAsync("Se cayó una rama grande sobre la reja del jardín, frente a la casa 12.");
            await Expect(page.GetByTestId("ticket-timeline")).ToContainTextAsync("Descripción modificada");

            // Someone else saves meanwhile: ana's stale save is refused and she is offered a reload.
            await page.GetByTestId("ticket-edit").ClickAsync();
            await EditDescription(page).FillAsync("Mi versión");
            await UpdateTicketAsync(Ana, id, "La versión de otra pestaña");
            await page.GetByTestId("edit-save").ClickAsync();
            await Expect(page.GetByTestId("ticket-stale")).ToContainTextAsync("Este ticket cambió, recarga");
            await Expect(EditDescription(page)).ToHaveValueAsync("Mi versión");
            await page.GetByTestId("ticket-reload").ClickAsync();
            await Expect(page.GetByTestId("ticket-description")).ToHaveTextAsync("La versión de otra pestaña");
            await Expect(page.GetByTestId("ticket-stale")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task Ana_cancels_a_ticket_through_the_dialog_and_can_no_longer_edit_it() =>
        browser.RunAsync("ticket-cancel", async page =>
        {
            var id = await CreateTicketAsync(Ana, "El citófono de la entrada no suena.");
            await BrowserFixture.SignInAsync(page, Ana);
            await page.GotoAsync($"/tickets/{id}");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByTestId("ticket-edit")).ToBeVisibleAsync();

            // Saying no leaves it open.
            await page.GetByTestId("ticket-cancel").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "No, mantenerlo" }).ClickAsync();
            await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Nuevo");

            await page.GetByTestId("ticket-cancel").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"¿Cancelar el ticket #{id}?");
            await BrowserFixture.KeepScreenshotAsync(page, "ticket-cancel-dialog-desktop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sí, cancelar ticket" }).ClickAsync();

            await Expect(page.GetByTestId("status-chip")).ToHaveTextAsync("Cancelado");
            await Expect(page.GetByTestId("status-chip")).ToHaveCSSAsync("background-color", "rgb(117, 117, 117)");
            await Expect(page.GetByTestId("ticket-edit")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("ticket-cancel")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("timeline-dot").Last).ToHaveCSSAsync("background-color", "rgb(117, 117, 117)");
        });

    [Fact]
    public Task Luis_opening_anas_ticket_sees_the_same_not_found_page_as_for_a_ticket_that_does_not_exist() =>
        browser.RunAsync("ticket-not-found", async page =>
        {
            var id = await CreateTicketAsync(Ana, "Gotera en la sala de eventos.");
            await BrowserFixture.SignInAsync(page, Luis);

            await page.GotoAsync($"/tickets/{id}");
            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
            await Expect(page.GetByText("Gotera")).ToHaveCountAsync(0);
            await Expect(page).ToHaveTitleAsync("Página no encontrada");
            var forbidden = await page.Locator(".portal-content").InnerTextAsync();

            await page.GotoAsync("/tickets/987654");
            await Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
            await Expect(page).ToHaveTitleAsync("Página no encontrada");
            Assert.Equal(forbidden, await page.Locator(".portal-content").InnerTextAsync());
        });

    [Fact]
    public Task On_a_375px_phone_the_list_shows_cards_and_no_page_scrolls_sideways() =>
        browser.RunAsync("ticket-phone", async page =>
        {
            var poolId = await PoolLeakIdAsync();
            await BrowserFixture.SignInAsync(page, Ana);
            // The same rows as cards: no column headers, and the card holds its status and its comments.
            var card = page.GetByTestId("ticket-row").Filter(new() { HasText = "piscina" });
            await Expect(card).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Categoría" })).ToBeHiddenAsync();
            await Expect(card.GetByTestId("status-chip")).ToBeVisibleAsync();
            await Expect(card.GetByTestId("comment-count")).ToContainTextAsync("4");
            var box = await card.BoundingBoxAsync();
            Assert.True(box is { Width: <= 375, Height: > 60 }, $"the card is {box?.Width}x{box?.Height}");
            await BrowserFixture.WaitForAppAsync(page);
            await AssertNoSidewaysScrollAsync(page);
            await BrowserFixture.KeepScreenshotAsync(page, "tickets-list-phone");

            await page.GotoAsync("/tickets/new");
            await Expect(page.GetByTestId("new-ticket-form")).ToBeVisibleAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await AssertNoSidewaysScrollAsync(page);
            await BrowserFixture.KeepScreenshotAsync(page, "new-ticket-phone");

            await page.GotoAsync($"/tickets/{poolId}");
            await Expect(page.GetByTestId("ticket-timeline")).ToBeVisibleAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await AssertNoSidewaysScrollAsync(page);
            await BrowserFixture.KeepScreenshotAsync(page, "ticket-page-phone");

            // The whole card opens the ticket: a tap on its photo corner, away from the text.
            await page.GotoAsync("/tickets");
            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("ticket-row").Filter(new() { HasText = "piscina" }).ClickAsync(new() { Position = new() { X = 30, Y = 30 } });
            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseUri, $"/tickets/{poolId}").ToString());
        }, phone: true);

    private static ILocator Description(IPage page) =>
        page.Locator("[data-testid=description-input] textarea, textarea[data-testid=description-input]");

    private static ILocator EditDescription(IPage page) =>
        page.Locator("[data-testid=edit-description] textarea, textarea[data-testid=edit-description]");

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"{page.Url} is {scrollWidth}px wide on a 375px screen");
    }


    private async Task<CurrentUser> UserAsync(string email)
    {
        await using var db = browser.App.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new CurrentUser(user.Id, user.DisplayName, new HashSet<string> { Roles.Resident }, null);
    }

    private async Task<int> CreateTicketAsync(string email, string contenido)
    {
        int mantenimiento;
        await using (var db = browser.App.CreateDbContext())
        {
            mantenimiento = await db.Categorias.Where(c => c.Nombre == "Mantenimiento").Select(c => c.Id).SingleAsync();
        }

        await using var scope = browser.App.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var created = await tickets.CreateAsync(await UserAsync(email), new CreateTicketRequest(mantenimiento, contenido, null, null, null), default);
        return created.Value!.Id;
    }

    private async Task UpdateTicketAsync(string email, int id, string contenido)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var saved = await tickets.UpdateAsync(await UserAsync(email), id, new UpdateTicketRequest(null, null, contenido, null), null, default);
        Assert.True(saved.Succeeded);
    }

    private async Task<int> PoolLeakIdAsync()
    {
        await using var db = browser.App.CreateDbContext();
        return await db.Tickets.Where(t => t.Contenido!.Contains("piscina")).Select(t => t.Id).SingleAsync();
    }
}
