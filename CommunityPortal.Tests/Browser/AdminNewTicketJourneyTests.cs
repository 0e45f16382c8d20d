using System.Text.RegularExpressions;
using CommunityPortal.Tests.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class AdminNewTicketJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator OpenPopover(IPage page) => page.Locator(".mud-popover-open");

    private static async Task PickAsync(IPage page, string testId, string option)
    {
        await page.GetByTestId(testId).ClickAsync();
        await OpenPopover(page).GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(OpenPopover(page)).ToHaveCountAsync(0);
    }


    [Fact]
    public Task Gestor_reports_for_Ana_found_by_her_unit_with_a_photo_and_lands_on_the_ticket() =>
        browser.RunAsync("admin-new-ticket", async page =>
        {
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync("/admin/tickets");
            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("admin-new-ticket").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/admin/tickets/new$"));
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByTestId("nav-admin-new-ticket")).ToHaveClassAsync(new Regex("active"));
            await Expect(page.GetByTestId("nav-admin-tickets")).Not.ToHaveClassAsync(new Regex("active"));

            // The resident picker waits for a community, then searches it by unit.
            var resident = page.GetByTestId("resident-autocomplete");
            await Expect(resident).ToBeDisabledAsync();
            await PickAsync(page, "community-select", "Residencial Los Robles");
            await resident.FillAsync("casa 12");
            var options = OpenPopover(page).GetByTestId("resident-option");
            await Expect(options).ToHaveCountAsync(1);
            await Expect(options).ToContainTextAsync("Ana Pérez");
            await options.ClickAsync();
            await Expect(resident).ToHaveValueAsync("Ana Pérez · Casa 12");

            await page.Locator("textarea").First.FillAsync("La reja de la piscina no cierra; la vecina avisó por teléfono.");
            await page.GetByTestId("photo-input").SetInputFilesAsync(new FilePayload
            {
                Name = "reja.jpg", MimeType = "image/jpeg", Buffer = TestImages.SmallJpeg(800, 600),
            });
            await Expect(page.GetByTestId("photo-preview")).ToHaveCountAsync(1);

            // Sent without a category: told so, and nothing chosen or typed is lost.
            await page.GetByTestId("new-ticket-submit").ClickAsync();
            await Expect(page.GetByText("Elige una categoría.")).ToBeVisibleAsync();
            await Expect(resident).ToHaveValueAsync("Ana Pérez · Casa 12");
            await Expect(page.Locator("textarea").First).ToHaveValueAsync("La reja de la piscina no cierra; la vecina avisó por teléfono.");
            await Expect(page.GetByTestId("photo-preview")).ToHaveCountAsync(1);

            await PickAsync(page, "category-select", "Mantenimiento");
            await BrowserFixture.KeepScreenshotAsync(page, "admin-new-ticket-form");
            await page.GetByTestId("new-ticket-submit").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/tickets/\d+$"));
            var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            await Expect(page.GetByText($"Ticket #{id} creado")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("ticket-resident")).ToHaveTextAsync("Ana Pérez");
            await Expect(page.GetByTestId("ticket-where")).ToHaveTextAsync("Residencial Los Robles · Casa 12");
            await Expect(page.GetByTestId("ticket-category")).ToHaveTextAsync("Mantenimiento");
            var thumbs = page.GetByTestId("photo-thumb");
            await Expect(thumbs).ToHaveCountAsync(1);
            var src = await thumbs.First.Locator("img").GetAttributeAsync("src");
            var thumb = await page.Context.APIRequest.GetAsync("/" + src!.TrimStart('/'));
            Assert.Equal(200, thumb.Status);
            Assert.Equal("image/jpeg", thumb.Headers["content-type"]);
            await BrowserFixture.KeepScreenshotAsync(page, "admin-new-ticket-created");

            // Ana finds it among her own tickets.
            await using var ana = await browser.NewContextAsync();
            var anaPage = await ana.NewPageAsync();
            await BrowserFixture.SignInAsync(anaPage, "ana@demo.local");
            await anaPage.GotoAsync("/tickets");
            await Expect(anaPage.Locator($"[data-testid=ticket-row][data-ticket-id='{id}']")).ToBeVisibleAsync();
        });

    [Fact]
    public Task Gestor_norte_is_never_offered_Los_Robles_or_its_residents_on_a_phone() =>
        browser.RunAsync("admin-new-ticket-norte", async page =>
        {
            await BrowserFixture.SignInAsync(page, "gestor.norte@demo.local");
            await page.GotoAsync("/admin/tickets/new");
            await BrowserFixture.WaitForAppAsync(page);

            // Its only community comes chosen; the list holds nothing else.
            await Expect(page.GetByTestId("community-select")).ToHaveValueAsync("Villa Norte");
            await page.GetByTestId("community-select").ClickAsync();
            await Expect(OpenPopover(page)).ToContainTextAsync("Villa Norte");
            await Expect(OpenPopover(page).Locator(".mud-list-item")).ToHaveCountAsync(1);
            await Expect(OpenPopover(page)).Not.ToContainTextAsync("Los Robles");
            await page.Keyboard.PressAsync("Escape");
            await Expect(OpenPopover(page)).ToHaveCountAsync(0);

            var resident = page.GetByTestId("resident-autocomplete");
            await resident.FillAsync("ana");
            await Expect(OpenPopover(page).GetByTestId("resident-none")).ToBeVisibleAsync();
            await Expect(OpenPopover(page)).Not.ToContainTextAsync("Ana Pérez");
            await resident.FillAsync("depto 3b");
            await Expect(OpenPopover(page).GetByTestId("resident-option")).ToHaveTextAsync([new Regex("Marta Rodríguez")]);
            await OpenPopover(page).GetByTestId("resident-option").ClickAsync();
            await Expect(resident).ToHaveValueAsync("Marta Rodríguez · Depto 3B");

            // Nothing sticks out sideways at 375 px.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"The page is {overflow}px wider than the phone.");
            await BrowserFixture.KeepScreenshotAsync(page, "admin-new-ticket-phone");

            // Reported on the 15th of last month (the calendar offers no future day).
            await PickAsync(page, "category-select", "Seguridad");
            await page.Locator("input[data-testid=report-date]").ClickAsync();
            await OpenPopover(page).Locator(".mud-picker-nav-button-prev").ClickAsync();
            await OpenPopover(page).Locator("button.mud-picker-calendar-day:not(.mud-hidden)", new() { HasTextRegex = new Regex("^15$") }).ClickAsync();
            var day = DateTime.Now.AddMonths(-1);
            // The open calendar carries the test id too; the field is the input.
            await Expect(page.Locator("input[data-testid=report-date]")).ToHaveValueAsync($"15/{day.Month}/{day.Year}");
            await page.Keyboard.PressAsync("Escape");
            await Expect(OpenPopover(page)).ToHaveCountAsync(0);
            await page.GetByTestId("new-ticket-submit").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/tickets/\d+$"));
            await Expect(page.GetByTestId("ticket-resident")).ToHaveTextAsync("Marta Rodríguez");
            await Expect(page.GetByTestId("ticket-where")).ToHaveTextAsync("Villa Norte · Depto 3B");
            await Expect(page.GetByTestId("ticket-details").GetByTestId("relative-time").First)
                .ToHaveAttributeAsync("datetime", new Regex($"^{day:yyyy-MM}-15T"));
        }, phone: true);
}
