using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>
/// The app on a real Kestrel port plus Debian's Chromium driven by Playwright (never a downloaded browser).
/// Shared by the tests of one class; each test gets its own browser context (fresh cookies).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;

    // What the browser reported during the running journey: Content-Security-Policy violations and uncaught page errors.
    private readonly ConcurrentQueue<string> pageProblems = new();

    public BrowserFixture()
        : this(new PortalAppFactory())
    {
    }

    /// <summary>Another app (<see cref="MailBrowserFixture"/>: one that sends its e-mail to a loopback SMTP server).</summary>
    protected BrowserFixture(PortalAppFactory app)
    {
        App = app;
    }

    public PortalAppFactory App { get; }

    public Uri BaseUri { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } =
        Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: install Debian's chromium (./test.sh does it when run as root).");
        }

        // Expect(...) waits 5 s by default; a busy 2-core CI machine needs more for a circuit round trip.
        Assertions.SetDefaultExpectTimeout(10_000);
        BaseUri = App.StartKestrel();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>
    /// Phone (375 px) or desktop viewport, Spanish browser, fresh cookies. Its CSP violations and page errors fail the
    /// journey that runs it (<see cref="RunAsync"/>).
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUri.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 740 } : new ViewportSize { Width = 1280, Height = 800 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "es-ES",
        });
        // Chromium reports a blocked script, style, frame or connection as a console error naming the policy.
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                pageProblems.Enqueue($"CSP violation on {message.Page?.Url}: {message.Text}");
            }
        };
        context.WebError += (_, error) => pageProblems.Enqueue($"Page error on {error.Page?.Url}: {error.Error}");
        return context;
    }

    /// <summary>
    /// Runs a browser journey; on failure keeps a full-page screenshot under TestResults/screenshots
    /// (named after the test) before rethrowing. A journey that passes still fails when any page of it (in any context
    /// it opened) violated the Content-Security-Policy or threw an uncaught error.
    /// </summary>
    public async Task RunAsync(string name, Func<IPage, Task> journey, bool phone = false)
    {
        pageProblems.Clear();
        await using (var context = await NewContextAsync(phone))
        {
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            try
            {
                await journey(page);
            }
            catch
            {
                // The journey's own failure is what the test reports: the screenshot is kept if it can be taken.
                await KeepScreenshotAsync(page, string.Concat(name.Split(Path.GetInvalidFileNameChars())));
                throw;
            }
        }

        Assert.True(pageProblems.IsEmpty, $"The journey '{name}' passed, but the browser reported:\n{string.Join("\n", pageProblems)}");
    }

    /// <summary>
    /// Keeps a screenshot under <see cref="ScreenshotDirectory"/> for people to look at. Transitions and finite animations
    /// are fast-forwarded to their end (no fixed wait for them), and a screenshot that cannot be taken (a loaded
    /// machine, a page already gone) is reported on stderr, never made the journey's failure.
    /// </summary>
    public static async Task KeepScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(ScreenshotDirectory, $"{name}.png"),
                FullPage = fullPage,
                Animations = ScreenshotAnimations.Disabled,
                Timeout = 30_000,
            });
        }
        catch (PlaywrightException exception)
        {
            Console.Error.WriteLine($"Screenshot '{name}' not kept: {exception.Message}");
        }
    }

    /// <summary>Signs in through the real login page and waits for the interactive app to be ready.</summary>
    public static async Task SignInAsync(IPage page, string email, string password = PortalAppFactory.DemoPassword)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("[data-testid=login-submit]");
        // Wait for what the post leads to (the app, an error or the lockout page): on a busy machine the login page can
        // look idle before the form is even sent, and a test's next GotoAsync would then race the redirect.
        await page.Locator("[data-testid=app-ready], [data-testid=login-error], [data-testid=lockout]").First
            .WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    /// <summary>Waits until the interactive circuit is connected, so clicks reach the components.</summary>
    public static Task WaitForAppAsync(IPage page) =>
        page.GetByTestId("app-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached });
}
