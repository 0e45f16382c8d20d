using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class ShellJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task The_navigation_drawer_shows_only_the_entries_of_the_role() =>
        browser.RunAsync("nav-by-role", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await Expect(page.GetByTestId("nav-my-tickets")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nav-admin")).ToHaveCountAsync(0);

            // A resident who types the admin address is told, not shown the console.
            await page.GotoAsync("/admin");
            await Expect(page.GetByTestId("access-denied")).ToBeVisibleAsync();
        });

    [Fact]
    public Task An_administrator_sees_the_console_entry_and_not_the_resident_list() =>
        browser.RunAsync("nav-admin", async page =>
        {
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await Expect(page.GetByTestId("nav-admin")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("nav-my-tickets")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task On_a_375px_phone_the_drawer_is_collapsed_opens_on_demand_and_nothing_scrolls_sideways() =>
        browser.RunAsync("phone-drawer", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mis tickets", Level = 1 })).ToBeVisibleAsync();

            var navLink = page.GetByTestId("nav-my-tickets");
            await Expect(navLink).Not.ToBeInViewportAsync();

            await BrowserFixture.WaitForAppAsync(page);
            // Once the circuit knows the screen is narrow the drawer is a closed overlay.
            await Expect(page.Locator(".mud-drawer")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-drawer--closed"));
            await page.GetByTestId("drawer-toggle").ClickAsync();
            await Expect(navLink).ToBeInViewportAsync();

            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 375, $"the page is {scrollWidth}px wide on a 375px screen");
        }, phone: true);

    [Fact]
    public Task Switching_to_english_from_the_user_menu_is_remembered() =>
        browser.RunAsync("language", async page =>
        {
            await BrowserFixture.SignInAsync(page, "luis@demo.local");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mis tickets", Level = 1 })).ToBeVisibleAsync();

            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("user-menu-button").ClickAsync();
            await page.GetByTestId("culture-en").ClickAsync();

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tickets", Level = 1 })).ToBeVisibleAsync();
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tickets", Level = 1 })).ToBeVisibleAsync();
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("user-menu-button").ClickAsync();
            await page.GetByTestId("culture-es").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mis tickets", Level = 1 })).ToBeVisibleAsync();
        });

    [Fact]
    public Task Dark_mode_from_the_user_menu_applies_at_once_and_survives_a_reload() =>
        browser.RunAsync("dark-mode", async page =>
        {
            await BrowserFixture.SignInAsync(page, "marta@demo.local");
            await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
            var light = await BackgroundAsync(page);

            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("user-menu-button").ClickAsync();
            await page.GetByTestId("toggle-theme").ClickAsync();
            await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
            var dark = await BackgroundAsync(page);

            await page.ReloadAsync();
            await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();
            Assert.Equal(dark, await BackgroundAsync(page));
        });

    private static Task<string> BackgroundAsync(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
}
