using System.Net.Http.Headers;
using System.Net.Http.Json;
using CommunityPortal.Tests.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

/// <summary>
/// The administrators' triage grid (/admin/tickets) tells what each ticket is about: the description's first line (the
/// search words marked) and the first photo; every column fits a 1280 px screen, and a phone gets a card per ticket.
/// </summary>
[Collection(BrowserCollection.Name)]
public class TriageGridJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string FirstLine = "La bomba de la cisterna hace un ruido metálico";

    private static ILocator Row(IPage page, int ticketId) =>
        page.Locator($"[data-testid=tickets-grid] tbody tr:has([data-testid=ticket-link]:text-is('#{ticketId}'))");

    [Fact]
    public Task At_1280_px_every_column_fits_and_a_ticket_shows_its_first_line_and_photo() =>
        browser.RunAsync("triage-grid-1280", async page =>
        {
            var ticketId = await CreateTicketWithPhotoAsync();
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync("/admin/tickets");
            await BrowserFixture.WaitForAppAsync(page);

            var row = Row(page, ticketId);
            await Expect(row.GetByTestId("ticket-summary")).ToHaveTextAsync(FirstLine);
            await Expect(row.GetByTestId("ticket-summary")).Not.ToContainTextAsync("segunda línea");
            await Expect(row.GetByTestId("ticket-thumb")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex(@"^/uploads/tickets/\d+/[0-9a-f]{32}\.jpg\?size=thumb$"));
            await Expect(row.GetByTestId("ticket-thumb")).ToHaveAttributeAsync("loading", "lazy");
            await Expect(row.GetByTestId("ticket-thumb")).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await row.GetByTestId("ticket-thumb").EvaluateAsync<int>("img => img.naturalWidth") > 0, "The thumbnail did not load.");

            // No sideways scrolling, of the page or of the grid, and the last column ("Comentarios") is on screen.
            var overflow = await page.EvaluateAsync<int[]>("""
                () => {
                    const grid = document.querySelector('[data-testid=tickets-grid] .mud-table-container');
                    return [document.documentElement.scrollWidth - document.documentElement.clientWidth, grid.scrollWidth - grid.clientWidth];
                }
                """);
            Assert.True(overflow[0] <= 0 && overflow[1] <= 0, $"The page scrolls sideways by {overflow[0]} px, the grid by {overflow[1]} px.");
            var lastHeader = await page.Locator("[data-testid=tickets-grid] thead th").Last.BoundingBoxAsync();
            Assert.True(lastHeader!.X + lastHeader.Width <= 1280, $"The last column ends at {lastHeader.X + lastHeader.Width} px.");
            await Expect(page.Locator("[data-testid=tickets-grid] thead")).ToContainTextAsync("Comentarios");
            await BrowserFixture.KeepScreenshotAsync(page, "triage-grid-1280");
        });

    [Fact]
    public Task A_search_marks_its_words_in_the_first_line_ignoring_case_and_accents() =>
        browser.RunAsync("triage-grid-search", async page =>
        {
            var ticketId = await CreateTicketWithPhotoAsync();
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync("/admin/tickets?q=CISTERNA%20metalico");
            await BrowserFixture.WaitForAppAsync(page);

            var summary = Row(page, ticketId).GetByTestId("ticket-summary");
            await Expect(summary).ToHaveTextAsync(FirstLine);
            await Expect(summary.Locator("mark")).ToHaveTextAsync(["cisterna", "metálico"]);
            await BrowserFixture.KeepScreenshotAsync(page, "triage-grid-search-1280", fullPage: false);
        });

    [Fact]
    public Task At_375_px_each_ticket_is_a_card() =>
        browser.RunAsync("triage-grid-375", async page =>
        {
            var ticketId = await CreateTicketWithPhotoAsync();
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync("/admin/tickets");
            await BrowserFixture.WaitForAppAsync(page);

            var row = Row(page, ticketId);
            await Expect(row.GetByTestId("ticket-summary")).ToContainTextAsync("La bomba de la cisterna");
            await Expect(row.GetByTestId("ticket-thumb")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid=tickets-grid] thead")).ToBeHiddenAsync();
            // A card: the row is laid out as a grid, as wide as the screen allows, with no column labels in front of
            // its values, and nothing scrolls sideways.
            var card = await row.EvaluateAsync<double[]>("""
                tr => {
                    const style = getComputedStyle(tr);
                    const label = getComputedStyle(tr.querySelector('[data-testid=ticket-summary]').closest('td'), '::before').content;
                    return [style.display === 'grid' ? 1 : 0, tr.getBoundingClientRect().width, label === 'none' || label === 'normal' ? 1 : 0,
                            document.documentElement.scrollWidth - document.documentElement.clientWidth];
                }
                """);
            Assert.True(card[0] == 1, "The row is not laid out as a card.");
            Assert.True(card[1] is > 300 and <= 375, $"The card is {card[1]} px wide.");
            Assert.True(card[2] == 1, "The card still shows the table's column labels.");
            Assert.True(card[3] <= 0, $"The page scrolls sideways by {card[3]} px.");
            await BrowserFixture.KeepScreenshotAsync(page, "triage-grid-375");
        }, phone: true);

    /// <summary>A ticket of Luis (Los Robles, in gestor's scope) with a two-line description and a photo.</summary>
    private async Task<int> CreateTicketWithPhotoAsync()
    {
        var demo = await DemoData.LoadAsync(browser.App);
        // The app listens on a real port here: the API as a client would call it, with a bearer token.
        using var client = new HttpClient { BaseAddress = browser.BaseUri };
        using (var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "luis@demo.local", password = PortalAppFactory.DemoPassword }))
        {
            login.EnsureSuccessStatusCode();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await login.Content.ReadFromJsonAsync<TokenBody>())!.AccessToken);
        }

        using var created = await client.PostAsJsonAsync("/api/tickets", new
        {
            categoriaTicketId = demo.Mantenimiento,
            contenido = $"\n  {FirstLine}  \nUna segunda línea que la tabla no muestra.",
        });
        created.EnsureSuccessStatusCode();
        var ticketId = (await created.Content.ReadFromJsonAsync<IdBody>())!.Id;

        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(TestImages.SmallJpeg(320, 240));
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(part, "files", "bomba.jpg");
        using var upload = await client.PostAsync($"/api/tickets/{ticketId}/images", form);
        upload.EnsureSuccessStatusCode();
        return ticketId;
    }

    private sealed record IdBody(int Id);

    private sealed record TokenBody(string AccessToken);
}
