using System.Text.RegularExpressions;
using CommunityPortal.Tests.Images;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CommunityPortal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class PhotoJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Ana_reports_a_problem_with_photos_previews_removes_one_and_sees_them_on_the_ticket() =>
        browser.RunAsync("ticket-photos", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await page.GotoAsync("/tickets/new");
            await BrowserFixture.WaitForAppAsync(page);

            // A text file is refused in the browser, naming it; the photos are previewed.
            await page.GetByTestId("photo-input").SetInputFilesAsync(new[]
            {
                new FilePayload { Name = "portón.jpg", MimeType = "image/jpeg", Buffer = TestImages.SmallJpeg(640, 480) },
                new FilePayload { Name = "detalle.png", MimeType = "image/png", Buffer = TestImages.PngWithAlpha(320, 240) },
                new FilePayload { Name = "notas.txt", MimeType = "text/plain", Buffer = TestImages.Text() },
            });
            await Expect(page.GetByTestId("photo-error")).ToContainTextAsync("notas.txt");
            await Expect(page.GetByTestId("photo-preview")).ToHaveCountAsync(2);
            await Expect(page.GetByTestId("photo-preview").First.Locator("img")).ToHaveAttributeAsync("src", new Regex("^data:image/jpeg;base64,"));

            await page.GetByRole(AriaRole.Button, new() { Name = "Quitar detalle.png" }).ClickAsync();
            await Expect(page.GetByTestId("photo-preview")).ToHaveCountAsync(1);

            // A failed submit (no category) keeps the chosen photo.
            await page.GetByTestId("new-ticket-submit").ClickAsync();
            await Expect(page.GetByText("Elige una categoría.")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("photo-preview")).ToHaveCountAsync(1);

            await page.GetByTestId("category-select").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "Seguridad" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
            await page.Locator("textarea").First.FillAsync("El portón quedó abierto toda la noche.");
            await page.GetByTestId("new-ticket-submit").ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(@"/tickets/\d+$"));
            var thumbs = page.GetByTestId("photo-thumb");
            await Expect(thumbs).ToHaveCountAsync(1);
            var src = await thumbs.First.Locator("img").GetAttributeAsync("src");
            Assert.Matches(@"^/?uploads/tickets/\d+/[0-9a-f]{32}\.jpg\?size=thumb$", src);
            var thumb = await page.Context.APIRequest.GetAsync(src!.TrimStart('/').Insert(0, "/"));
            Assert.Equal(200, thumb.Status);
            Assert.Equal("image/jpeg", thumb.Headers["content-type"]);
            var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];

            // The full image opens in the lightbox.
            await thumbs.First.ClickAsync();
            await Expect(page.GetByTestId("lightbox-image")).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Escape");

            // On her list: a NUEVO chip in #1E88E5 and the photo's thumbnail.
            await page.GotoAsync("/tickets");
            var row = page.Locator($"[data-testid=ticket-row][data-ticket-id='{id}']");
            await Expect(row.GetByTestId("status-chip")).ToHaveCSSAsync("background-color", "rgb(30, 136, 229)");
            await Expect(row.Locator("img")).ToHaveAttributeAsync("src", new Regex(@"\?size=thumb$"));
        });

    [Fact]
    public Task The_form_refuses_an_eleventh_photo_with_a_visible_message() =>
        browser.RunAsync("eleven-photos", async page =>
        {
            await BrowserFixture.SignInAsync(page, "ana@demo.local");
            await page.GotoAsync("/tickets/new");
            await BrowserFixture.WaitForAppAsync(page);
            var jpeg = TestImages.SmallJpeg(64, 48);

            await page.GetByTestId("photo-input").SetInputFilesAsync(Enumerable.Range(1, 11)
                .Select(i => new FilePayload { Name = $"foto{i}.jpg", MimeType = "image/jpeg", Buffer = jpeg }));

            await Expect(page.GetByTestId("photo-preview")).ToHaveCountAsync(10);
            await Expect(page.GetByTestId("photo-error")).ToHaveTextAsync("Puedes adjuntar hasta 10 fotos.");
        }, phone: true);

    [Fact]
    public Task Ana_adds_a_photo_to_a_comment_and_it_opens_in_the_lightbox() =>
        browser.RunAsync("comment-photos", async page =>
        {
            await BrowserFixture.SignInAsync(page, "luis@demo.local");
            await page.GotoAsync("/tickets");
            await BrowserFixture.WaitForAppAsync(page);
            await page.GetByTestId("ticket-link").First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/tickets/\d+$"));
            await BrowserFixture.WaitForAppAsync(page);

            var compose = page.GetByTestId("comment-new");
            await compose.GetByTestId("photo-input").SetInputFilesAsync(new FilePayload
            {
                Name = "ascensor.jpg", MimeType = "image/jpeg", Buffer = TestImages.SmallJpeg(800, 600),
            });
            await Expect(compose.GetByTestId("photo-preview")).ToHaveCountAsync(1);
            await page.Locator("#comment-new-text").FillAsync("Así suena el ascensor: adjunto foto del panel.");
            await page.GetByTestId("comment-new-send").ClickAsync();

            var photos = page.GetByTestId("comment-photos").Last;
            await Expect(photos.GetByTestId("photo-thumb")).ToHaveCountAsync(1);
            await Expect(compose.GetByTestId("photo-preview")).ToHaveCountAsync(0);
            await photos.GetByTestId("photo-thumb").ClickAsync();
            await Expect(page.GetByTestId("lightbox-image")).ToBeVisibleAsync();
            Assert.Matches(@"^/?uploads/comentarios/\d+/[0-9a-f]{32}\.jpg$", await page.GetByTestId("lightbox-image").GetAttributeAsync("src"));
        });
}
