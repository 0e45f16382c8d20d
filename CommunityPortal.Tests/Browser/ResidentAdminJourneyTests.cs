using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using CommunityPortal.Features.Residents;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class ResidentAdminJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string NewPassword = "mi casa tiene un limonero";

    private static ILocator ResidentRow(IPage page, string text) =>
        page.Locator("[data-testid=residents-grid] tbody tr").Filter(new() { HasText = text });

    private static async Task OpenResidentsAsync(IPage page, int communityId)
    {
        await page.GotoAsync("/admin/communities");
        await BrowserFixture.WaitForAppAsync(page);
        await page.Locator($"[data-testid=community-card][data-community-id='{communityId}']").GetByTestId("community-open").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/admin/communities/{communityId}$"));
        await BrowserFixture.WaitForAppAsync(page);
        await Expect(page.GetByTestId("residents-grid")).ToBeVisibleAsync();
    }

    [Fact]
    public Task Gestor_adds_a_resident_who_sets_a_password_through_the_link_and_lands_on_their_tickets() =>
        browser.RunAsync("residents-add-and-setup", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            var email = $"rosa-{Guid.NewGuid():N}@test.local";
            await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await OpenResidentsAsync(page, demo.Robles);

            await page.GetByTestId("resident-new").ClickAsync();
            var form = page.GetByTestId("resident-dialog");
            await form.Locator("input[data-testid=resident-name-input]").FillAsync("Rosa Díaz");
            await form.Locator("input[data-testid=resident-unit-input]").FillAsync("Casa 30");
            await form.Locator("input[data-testid=resident-email-input]").FillAsync(email);
            await form.Locator("input[data-testid=resident-phone-input]").FillAsync("+56 9 4444 3030");
            // The dialog's buttons sit outside its content element (which carries the test id).
            await page.GetByTestId("resident-save").ClickAsync();

            var dialog = page.GetByTestId("setup-link-dialog");
            await Expect(dialog).ToContainTextAsync("Rosa Díaz");
            var link = await dialog.Locator("input[data-testid=setup-link]").InputValueAsync();
            Assert.StartsWith(new Uri(browser.BaseUri, "Account/SetupPassword?userId=").ToString(), link, StringComparison.Ordinal);
            await dialog.GetByTestId("setup-link-copy").ClickAsync();
            await Expect(dialog.GetByTestId("setup-link-copy")).ToContainTextAsync("Copiado");
            Assert.Equal(link, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
            await page.GetByTestId("setup-link-done").ClickAsync();

            var row = ResidentRow(page, "Rosa Díaz");
            await Expect(row).ToContainTextAsync("Casa 30");
            await Expect(row.GetByTestId("resident-pending")).ToBeVisibleAsync();

            // The person opens the link on their own device: no cookies of the gestor.
            await using (var fresh = await browser.NewContextAsync())
            {
                var resident = await fresh.NewPageAsync();
                await resident.GotoAsync(link);
                await Expect(resident.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Hola, Rosa Díaz");
                await resident.FillAsync("#Input\\.Password", NewPassword);
                await resident.FillAsync("#Input\\.ConfirmPassword", NewPassword);
                await resident.GetByTestId("setup-submit").ClickAsync();
                await Expect(resident).ToHaveURLAsync(new Regex("/Account/Login"));

                await BrowserFixture.SignInAsync(resident, email, NewPassword);
                await Expect(resident).ToHaveURLAsync(new Regex("/tickets$"));
                await BrowserFixture.WaitForAppAsync(resident);
                await Expect(resident.GetByTestId("tickets-empty")).ToBeVisibleAsync();
            }

            await page.ReloadAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(ResidentRow(page, "Rosa Díaz").GetByTestId("resident-active")).ToBeVisibleAsync();
            await Expect(ResidentRow(page, "Rosa Díaz").GetByTestId("resident-pending")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task The_csv_preview_marks_a_bad_row_and_the_import_hands_over_the_links_as_a_file() =>
        browser.RunAsync("residents-import", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            var tag = Guid.NewGuid().ToString("N")[..8];
            var csv = "\uFEFFnombre;unidad;email;teléfono\r\n"
                + $"Carla Muñoz;Casa 40;carla-{tag}@test.local;+56 9 1111 2222\r\n"
                + $"Pedro Paz;Casa 7;pedro-{tag}@test.local;\r\n";
            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await OpenResidentsAsync(page, demo.Robles);
            await Expect(page.GetByTestId("resident-import")).ToHaveAttributeAsync("href", $"/admin/communities/{demo.Robles}/import");
            // A fresh load: the file input only listens once the circuit has rendered it.
            await page.GotoAsync($"/admin/communities/{demo.Robles}/import");
            await BrowserFixture.WaitForAppAsync(page);

            await page.Locator("input[data-testid=import-file]").SetInputFilesAsync(new FilePayload
            {
                Name = "vecinos.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv),
            });

            var preview = page.GetByTestId("import-preview");
            await Expect(preview.GetByTestId("import-valid-count")).ToContainTextAsync("1 válidas");
            await Expect(preview.GetByTestId("import-error-count")).ToContainTextAsync("1 con errores");
            var bad = preview.Locator("tr").Filter(new() { Has = page.GetByTestId("import-line").Filter(new() { HasTextRegex = new Regex(@"^\s*3\s*$") }) });
            await Expect(bad.GetByTestId("import-row-errors")).ToHaveTextAsync("La unidad «Casa 7» ya la ocupa Luis Gómez, residente activo de esta comunidad.");
            await Expect(preview.Locator("[data-row-valid=true]")).ToContainTextAsync("Cuenta nueva");

            await preview.GetByTestId("import-run").ClickAsync();
            var result = page.GetByTestId("import-result");
            await Expect(result.GetByTestId("import-summary")).ToContainTextAsync("Se agregó 1 residente. 1 fila no se importó.");
            // This app sends no e-mail (no SMTP, no pickup folder): the invitation waits and the file is the way.
            await Expect(result.GetByTestId("import-invitations")).ToContainTextAsync("La invitación por correo queda en cola");
            var download = await page.RunAndWaitForDownloadAsync(() => result.GetByTestId("import-links").ClickAsync());
            var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("nombre;unidad;email;enlace", lines[0]);
            var fields = Assert.Single(lines.Skip(1)).Split(';');
            Assert.Equal(["Carla Muñoz", "Casa 40", $"carla-{tag}@test.local"], fields[..3]);
            Assert.StartsWith(new Uri(browser.BaseUri, "Account/SetupPassword?userId=").ToString(), fields[3], StringComparison.Ordinal);

            // The link in the file works for its owner.
            using var anonymous = new HttpClient { BaseAddress = browser.BaseUri };
            var setupPage = WebUtility.HtmlDecode(await anonymous.GetStringAsync(new Uri(fields[3]).PathAndQuery));
            Assert.Contains("Hola, Carla Muñoz", setupPage, StringComparison.Ordinal);

            await result.GetByTestId("import-back").ClickAsync();
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(ResidentRow(page, "Carla Muñoz")).ToContainTextAsync("Casa 40");
        });

    [Fact]
    public Task Gestor_deactivates_a_resident_after_confirming_and_that_resident_can_no_longer_sign_in() =>
        browser.RunAsync("residents-deactivate", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            var email = await TestUsers.CreateResidentAsync(browser.App, "mudanza");
            using (var scope = browser.App.Services.CreateScope())
            {
                var gestor = await ServiceUsers.GetAsync(browser.App, "gestor@demo.local");
                var added = await scope.ServiceProvider.GetRequiredService<ResidentAdminService>()
                    .AddAsync(gestor, demo.Robles, new NewResidentRequest("Mario Mudanza", "Casa 88", email, null), default);
                Assert.True(added.Succeeded);
            }

            await BrowserFixture.SignInAsync(page, "gestor@demo.local");
            await OpenResidentsAsync(page, demo.Robles);
            await page.Locator("input[data-testid=resident-search]").FillAsync("Mudanza");
            var row = ResidentRow(page, "Mario Mudanza");
            await Expect(page.Locator("[data-testid=residents-grid] tbody tr:has([data-testid=resident-name])")).ToHaveCountAsync(1);

            await row.GetByTestId("resident-menu").ClickAsync();
            await page.GetByTestId("resident-deactivate").ClickAsync();
            var confirm = page.Locator(".mud-dialog").Filter(new() { HasText = "¿Desactivar a Mario Mudanza?" });
            await Expect(confirm).ToContainTextAsync("Sus tickets se conservan");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Desactivar" }).ClickAsync();

            await Expect(row.GetByTestId("resident-inactive")).ToBeVisibleAsync();
            using var anonymous = new HttpClient { BaseAddress = browser.BaseUri };
            using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = PortalAppFactory.DemoPassword });
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        });

    [Fact]
    public Task Gestor_norte_sees_nothing_of_administradora_demo_communities() =>
        browser.RunAsync("residents-norte-scope", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, "gestor.norte@demo.local");

            await page.GotoAsync("/admin/communities");
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByTestId("community-name")).ToHaveTextAsync(["Villa Norte"]);

            foreach (var path in new[] { $"/admin/communities/{demo.Robles}", $"/admin/communities/{demo.Torres}/import" })
            {
                await page.GotoAsync(path);
                await BrowserFixture.WaitForAppAsync(page);
                await Expect(page.GetByTestId("community-not-found")).ToBeVisibleAsync();
                await Expect(page.Locator("body")).Not.ToContainTextAsync("Los Robles");
                await Expect(page.Locator("body")).Not.ToContainTextAsync("Torres del Parque");
                await Expect(page.Locator("body")).Not.ToContainTextAsync("Ana Pérez");
            }
        });

    /// <summary>
    /// Issue 13, item 1: gestor.norte types the e-mail of a person Administradora Demo just added (no password yet). The
    /// person is added to Villa Norte, but no link appears (it would hand over the account), the message says only that
    /// the person already has an account, and the account and its first link are untouched.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Gestor_norte_adding_another_companys_pending_email_gets_no_link_and_a_neutral_message(bool phone) =>
        browser.RunAsync($"residents-norte-no-takeover-{(phone ? "phone" : "desktop")}", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            var email = $"paula-{Guid.NewGuid():N}@test.local";
            var name = $"Paula Pendiente {(phone ? "Móvil" : "Escritorio")}";
            ResidentAdded pending;
            using (var scope = browser.App.Services.CreateScope())
            {
                var gestor = await ServiceUsers.GetAsync(browser.App, "gestor@demo.local");
                pending = (await scope.ServiceProvider.GetRequiredService<ResidentAdminService>()
                    .AddAsync(gestor, demo.Robles, new NewResidentRequest(name, $"Casa {Random.Shared.Next(100, 9999)}", email, null), default)).Value!;
                Assert.NotNull(pending.SetupLink);
            }

            await BrowserFixture.SignInAsync(page, "gestor.norte@demo.local");
            await OpenResidentsAsync(page, demo.VillaNorte);
            await page.GetByTestId("resident-new").ClickAsync();
            var form = page.GetByTestId("resident-dialog");
            var unit = $"Depto {Random.Shared.Next(100, 9999)}";
            await form.Locator("input[data-testid=resident-name-input]").FillAsync(name);
            await form.Locator("input[data-testid=resident-unit-input]").FillAsync(unit);
            await form.Locator("input[data-testid=resident-email-input]").FillAsync(email);
            await page.GetByTestId("resident-save").ClickAsync();

            var message = page.Locator(".mud-snackbar").Filter(new() { HasText = "Esta persona ya tiene una cuenta" });
            await Expect(message).ToHaveTextAsync(new Regex(
                $@"Se agregó {Regex.Escape(unit)} a {Regex.Escape(name)}\. Esta persona ya tiene una cuenta: entra con su propia contraseña \(o debe invitarla la administración que creó su cuenta\)\."));
            await Expect(page.GetByTestId("setup-link-dialog")).ToHaveCountAsync(0);
            var row = ResidentRow(page, name);
            await Expect(row).ToContainTextAsync(unit);
            // Whether the account has a password is not this company's business either.
            await Expect(row.GetByTestId("resident-active")).ToBeVisibleAsync();
            await Expect(row.GetByTestId("resident-pending")).ToHaveCountAsync(0);
            await BrowserFixture.KeepScreenshotAsync(page, $"residents-existing-account-{(phone ? "phone" : "desktop")}");

            await message.Locator("button").ClickAsync();
            await Expect(message).ToHaveCountAsync(0);
            await row.GetByTestId("resident-menu").ClickAsync();
            await Expect(page.GetByTestId("resident-edit")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("resident-link")).ToHaveCountAsync(0);

            var accounts = browser.App.Services.GetRequiredService<CommunityPortal.Features.Accounts.AccountService>();
            var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(browser.BaseUri, pending.SetupLink).Query)["code"].ToString();
            Assert.NotNull(await accounts.FindSetupTargetAsync(pending.UserId, code));
        }, phone);

    public static TheoryData<string, string, bool> Pages => new()
    {
        { "gestor@demo.local", "/admin/communities", false },
        { "gestor@demo.local", "/admin/communities", true },
        { "gestor@demo.local", "/admin/communities/{robles}", false },
        { "gestor@demo.local", "/admin/communities/{robles}", true },
        { "gestor@demo.local", "/admin/communities/{robles}/import", false },
        { "gestor@demo.local", "/admin/communities/{robles}/import", true },
        { "admin@demo.local", "/admin/companies", false },
        { "admin@demo.local", "/admin/companies", true },
    };

    /// <summary>Keeps a screenshot of every page at desktop and phone width (TestResults/screenshots); the phone never scrolls sideways.</summary>
    [Theory]
    [MemberData(nameof(Pages))]
    public Task Each_page_fits_the_screen_and_is_kept_as_a_screenshot(string email, string path, bool phone) =>
        browser.RunAsync($"residents-page{path.Replace('/', '-')}-{(phone ? "phone" : "desktop")}", async page =>
        {
            var demo = await DemoData.LoadAsync(browser.App);
            await BrowserFixture.SignInAsync(page, email);
            await page.GotoAsync(path.Replace("{robles}", demo.Robles.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            await BrowserFixture.WaitForAppAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            if (path.EndsWith("{robles}", StringComparison.Ordinal))
            {
                await Expect(ResidentRow(page, "Ana Pérez")).ToBeVisibleAsync();
            }

            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var name = path.Replace("{robles}", "robles", StringComparison.Ordinal).Replace('/', '-');
            await BrowserFixture.KeepScreenshotAsync(page, $"admin{name}-{(phone ? "phone" : "desktop")}");
            var width = phone ? 375 : 1280;
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"{path} is {scrollWidth}px wide on a {width}px screen");
        }, phone);
}
