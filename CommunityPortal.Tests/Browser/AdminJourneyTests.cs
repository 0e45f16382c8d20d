using System.Text;
using System.Text.RegularExpressions;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

public class AdminJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator OpenPopover(IPage page) => page.Locator(".mud-popover-open");

    private static ILocator GridRows(IPage page) => page.Locator("[data-testid=tickets-grid] tbody tr:has([data-testid=ticket-link])");

    [Fact]
    public Task Gestor_filters_the_grid_to_nuevo_in_los_robles_and_the_url_keeps_it() =>
        browser.RunAsync("admin-grid-filter", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync("/admin/tickets");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(GridRows(page).First).ToBeVisibleAsync();

            await page.GetByTestId("filter-status").ClickAsync();
            await OpenPopover(page).Locator("[data-status-code=NUEVO]").ClickAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(page).ToHaveURLAsync(new Regex($"status={demo.Nuevo}"));
            await page.GetByTestId("filter-community").ClickAsync();
            await OpenPopover(page).GetByText("Residencial Los Robles").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"status={demo.Nuevo}.*community={demo.Robles}|community={demo.Robles}.*status={demo.Nuevo}"));

            await AssertOnlyNuevoInRoblesAsync(page);

            await page.ReloadAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await AssertOnlyNuevoInRoblesAsync(page);
            // The selects show the filter read back from the address.
            var shown = await page.Locator("[data-testid=ticket-filters] input").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
            Assert.Contains("Residencial Los Robles", shown);
            Assert.Contains("Nuevo", shown);
        });

    private static async Task AssertOnlyNuevoInRoblesAsync(IPage page)
    {
        var rows = GridRows(page);
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Locator("[data-testid=status-chip]")).ToHaveAttributeAsync("data-status-code", "NUEVO");
        await Expect(rows.Locator("[data-testid=ticket-community]")).ToHaveTextAsync("Residencial Los Robles");
        await Expect(rows).ToContainTextAsync("Luis Gómez");
    }

    [Fact]
    public Task Gestor_norte_never_sees_a_los_robles_ticket_in_the_grid_or_the_dashboard() =>
        browser.RunAsync("admin-norte-scope", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, "gestor.norte@demo.local");
            await page.GotoAsync("/admin");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByTestId("card-open")).ToContainTextAsync("1");
            await Expect(page.GetByTestId("status-count")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("status-count")).ToHaveAttributeAsync("data-status-code", "EN_INVESTIGACION");
            await page.GetByTestId("dashboard-community").ClickAsync();
            await Expect(OpenPopover(page)).ToContainTextAsync("Villa Norte");
            await Expect(OpenPopover(page)).Not.ToContainTextAsync("Los Robles");
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("Los Robles");

            await page.GotoAsync("/admin/tickets");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(GridRows(page)).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("ticket-community")).ToHaveTextAsync(["Villa Norte"]);
            await Expect(page.Locator("body")).Not.ToContainTextAsync("Los Robles");

            // Typing another company's community into the address shows nothing of it.
            await page.GotoAsync($"/admin/tickets?community={demo.Robles}");
            await Expect(page.GetByTestId("grid-error")).ToBeVisibleAsync();
            await Expect(GridRows(page)).ToHaveCountAsync(0);
            await page.GotoAsync($"/admin?community={demo.Robles}");
            await Expect(page.GetByTestId("dashboard-not-found")).ToBeVisibleAsync();
        });

    [Fact]
    public Task The_export_downloads_a_csv_whose_rows_match_the_filtered_grid() =>
        browser.RunAsync("admin-export", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await page.GotoAsync($"/admin/tickets?status={demo.Nuevo},{demo.EnProceso},{demo.EnRevision}&community={demo.Robles}");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(GridRows(page)).ToHaveCountAsync(3);
            var gridIds = (await page.GetByTestId("ticket-link").AllTextContentsAsync()).Select(t => t.Trim().TrimStart('#')).Order().ToList();

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
            var path = await download.PathAsync();
            var bytes = await File.ReadAllBytesAsync(path);

            Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("id;fecha;estado;categoría;comunidad;residente;unidad;comentarios;descripción", lines[0], StringComparison.Ordinal);
            Assert.Equal(gridIds, lines.Skip(1).Select(l => l.Split(';')[0]).Order().ToList());
            Assert.All(lines.Skip(1), l => Assert.Contains(";Residencial Los Robles;", l, StringComparison.Ordinal));
        });

    [Fact]
    public Task Admin_changes_a_status_color_and_the_grid_chip_shows_it() =>
        browser.RunAsync("admin-status-color", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, "admin@demo.local");
            await page.GotoAsync("/admin/statuses");
            await BrowserFixture.WaitForAppAsync(page);
            var editor = page.Locator("[data-testid=status-editor][data-status-code=EN_REVISION]");

            await editor.Locator("input[data-testid=status-color], [data-testid=status-color] input").FillAsync("#123456");
            var preview = editor.Locator("[data-testid=status-chip]");
            await Expect(preview).ToHaveCSSAsync("background-color", "rgb(18, 52, 86)");
            await Expect(preview).ToHaveCSSAsync("color", "rgb(255, 255, 255)");
            await editor.GetByTestId("status-save").ClickAsync();
            await Expect(editor.GetByTestId("status-save")).ToBeDisabledAsync();

            await page.GotoAsync($"/admin/tickets?status={demo.EnRevision}");
            await BrowserFixture.WaitForAppAsync(page);
            var chip = GridRows(page).First.Locator("[data-testid=status-chip]");
            await Expect(chip).ToHaveAttributeAsync("data-status-code", "EN_REVISION");
            await Expect(chip).ToHaveCSSAsync("background-color", "rgb(18, 52, 86)");
        });

    public static TheoryData<string, string, bool> Pages => new()
    {
        { "admin@demo.local", "/admin", false },
        { "admin@demo.local", "/admin", true },
        { "gestor@demo.local", "/admin/tickets", false },
        { "gestor@demo.local", "/admin/tickets", true },
        { "admin@demo.local", "/admin/categories", false },
        { "admin@demo.local", "/admin/categories", true },
        { "admin@demo.local", "/admin/statuses", false },
        { "admin@demo.local", "/admin/statuses", true },
    };

    /// <summary>Keeps a screenshot of every admin page at desktop and phone width (TestResults/screenshots) and checks the phone never scrolls sideways.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public Task Each_admin_page_fits_the_screen_and_is_kept_as_a_screenshot(string email, string path, bool phone) =>
        browser.RunAsync($"admin-page{path.Replace('/', '-')}-{(phone ? "phone" : "desktop")}", async page =>
        {
            await BrowserFixture.SignInAsync(page, email);
            await page.GotoAsync(path);
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            if (path == "/admin/tickets")
            {
                await Expect(GridRows(page).First).ToBeVisibleAsync();
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await BrowserFixture.KeepScreenshotAsync(page, $"admin{path.Replace('/', '-')}-{(phone ? "phone" : "desktop")}");
            var width = phone ? 375 : 1280;
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"{path} is {scrollWidth}px wide on a {width}px screen");
        }, phone);
}
