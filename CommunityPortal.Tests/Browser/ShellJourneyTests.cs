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

            // Closed from the first paint (no circuit needed to know the screen is narrow), and out of the tab order.
            var navLink = page.GetByTestId("nav-my-tickets");
            await Expect(navLink).Not.ToBeInViewportAsync();
            await Expect(navLink).ToBeHiddenAsync();

            await BrowserFixture.WaitForAppAsync(page);
            var toggle = page.GetByTestId("drawer-toggle");
            await toggle.ClickAsync();
            await Expect(navLink).ToBeInViewportAsync();
            await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
            await BrowserFixture.KeepScreenshotAsync(page, "drawer-open-phone", fullPage: false);

            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= 375, $"the page is {scrollWidth}px wide on a 375px screen");

            // A tap beside the drawer closes it; so does Escape; following one of its links does too.
            await page.Mouse.ClickAsync(360, 400);
            await Expect(navLink).ToBeHiddenAsync();
            await toggle.ClickAsync();
            await Expect(navLink).ToBeInViewportAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(navLink).ToBeHiddenAsync();
            await Expect(toggle).ToBeFocusedAsync();

            await toggle.ClickAsync();
            await page.GetByTestId("nav-new-ticket").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tickets/new$"));
            await Expect(navLink).ToBeHiddenAsync();
        }, phone: true);

    [Fact]
    public Task On_a_desktop_the_drawer_is_open_beside_the_page_and_the_menu_button_folds_it_away() =>
        browser.RunAsync("desktop-drawer", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            var navLink = page.GetByTestId("nav-my-tickets");
            var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Mis tickets", Level = 1 });
            await Expect(navLink).ToBeInViewportAsync();
            var beside = (await heading.BoundingBoxAsync())!.X;
            var drawer = (await page.GetByTestId("drawer").BoundingBoxAsync())!;
            Assert.True(beside >= drawer.X + drawer.Width, $"the page ({beside}px) starts under the drawer (ends at {drawer.X + drawer.Width}px)");

            await page.GetByTestId("drawer-toggle").ClickAsync();
            await Expect(navLink).ToBeHiddenAsync();
            await Expect(page.GetByTestId("drawer-toggle")).ToHaveAttributeAsync("aria-expanded", "false");
            await page.WaitForFunctionAsync($"() => document.querySelector('h1').getBoundingClientRect().x < {beside - 100}");

            await page.GetByTestId("drawer-toggle").ClickAsync();
            await Expect(navLink).ToBeInViewportAsync();
        });

    [Fact]
    public Task The_user_menu_opens_from_the_keyboard_and_closes_with_escape() =>
        browser.RunAsync("user-menu-keyboard", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await BrowserFixture.WaitForAppAsync(page);
            var button = page.GetByTestId("user-menu-button");
            await button.FocusAsync();
            await page.Keyboard.PressAsync("Enter");

            // The first entry takes the focus; the arrows move between entries.
            var profile = page.GetByTestId("menu-profile");
            await Expect(profile).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(page.GetByTestId("culture-en")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("End");
            await Expect(page.GetByTestId("logout")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(profile).ToBeFocusedAsync();

            await page.Keyboard.PressAsync("Escape");
            await Expect(profile).ToBeHiddenAsync();

            // A click outside closes it as well.
            await button.ClickAsync();
            await Expect(profile).ToBeVisibleAsync();
            await BrowserFixture.KeepScreenshotAsync(page, "user-menu-open", fullPage: false);
            await page.Mouse.ClickAsync(700, 500);
            await Expect(profile).ToBeHiddenAsync();
        });

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
