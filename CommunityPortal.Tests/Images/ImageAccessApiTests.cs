using System.Net;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CommunityPortal.Tests.Images;

/// <summary>Who may upload and download images, and what GET /uploads/… answers.</summary>
public class ImageAccessApiTests(PortalAppFactory factory) : ImageApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private const string Ana = "ana@demo.local";

    [Theory]
    [InlineData("luis@demo.local")]
    [InlineData("marta@demo.local")]
    [InlineData("gestor.norte@demo.local")]
    public async Task Someone_who_cannot_see_the_ticket_gets_404_on_upload_download_and_delete(string email)
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Foto privada");
        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("a.jpg", TestImages.SmallJpeg())));
        var commentId = await CreateCommentAsync(Ana, ticketId);
        using var client = await As(email);

        using var upload = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("b.jpg", TestImages.SmallJpeg()));
        using var commentUpload = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images", ("b.jpg", TestImages.SmallJpeg()));
        using var download = await DownloadAsync(client, url);
        using var thumb = await DownloadAsync(client, url, thumb: true);
        using var delete = await client.DeleteAsync($"/api/tickets/{ticketId}/images?url={Uri.EscapeDataString(url)}");

        await ApiErrorTests.AssertProblemAsync(upload, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(commentUpload, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(download, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(thumb, HttpStatusCode.NotFound);
        await ApiErrorTests.AssertProblemAsync(delete, HttpStatusCode.NotFound);
        Assert.Equal([url], await TicketImageUrlsAsync(Ana, ticketId));
    }

    [Theory]
    [InlineData("ana@demo.local")]
    [InlineData("gestor@demo.local")]
    [InlineData("admin@demo.local")]
    public async Task The_owner_and_admins_in_scope_download_with_safe_headers(string email)
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Foto visible");
        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("mi casa <script>.jpg", TestImages.SmallJpeg())));
        using var client = await As(email);

        using var response = await DownloadAsync(client, url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.Private);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("inline", disposition.DispositionType);
        Assert.Equal(Path.GetFileName(url), disposition.FileName?.Trim('"'));
        using var thumb = await DownloadAsync(client, url, thumb: true);
        Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
        Assert.Equal("nosniff", Assert.Single(thumb.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task An_anonymous_download_is_a_401_problem_not_a_login_redirect()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Foto anónima");
        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("a.jpg", TestImages.SmallJpeg())));
        using var client = Factory.CreateAnonymousClient();

        using var response = await DownloadAsync(client, url);

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/uploads/../appsettings.json")]
    [InlineData("/uploads/tickets/../../portal.db")]
    [InlineData("/uploads/..%2F..%2Fportal.db")]
    [InlineData("/uploads/%2e%2e/%2e%2e/portal.db")]
    [InlineData("/uploads/tickets/1/..%2f..%2f..%2fportal.db")]
    [InlineData("/uploads//etc/passwd")]
    [InlineData("/uploads/%2Fetc%2Fpasswd")]
    [InlineData("/uploads/tmp/x.tmp")]
    [InlineData("/uploads/trash/tickets/1/0123456789abcdef0123456789abcdef.jpg")]
    [InlineData("/uploads/tickets/1/0123456789abcdef0123456789abcdef.jpg")]
    [InlineData("/uploads/app.css")]
    public async Task Paths_outside_the_images_or_unknown_files_are_404(string path)
    {
        // Something worth stealing inside and next to the uploads folder.
        Directory.CreateDirectory(Path.Combine(Factory.UploadsRoot, "tmp"));
        await File.WriteAllTextAsync(Path.Combine(Factory.UploadsRoot, "tmp", "x.tmp"), "secret");
        using var client = await As("admin@demo.local");

        // Sent as written, straight to the server: HttpClient would resolve the dot segments itself.
        var context = await Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = PathString.FromUriComponent(path);
            c.Request.Headers.Authorization = client.DefaultRequestHeaders.Authorization!.ToString();
        });
        var response = context.Response;
        var body = await new StreamReader(response.Body).ReadToEndAsync();

        Assert.Equal(StatusCodes.Status404NotFound, response.StatusCode);
        Assert.DoesNotContain("secret", body);
    }

    [Fact]
    public async Task A_file_in_the_ticket_folder_that_is_not_on_the_ticket_is_not_served()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Archivo huérfano");
        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("a.jpg", TestImages.SmallJpeg())));
        var stray = Path.Combine(Path.GetDirectoryName(PhysicalPath(url))!, "00000000000000000000000000000000.jpg");
        File.Copy(PhysicalPath(url), stray);
        using var client = await As(Ana);

        using var response = await client.GetAsync($"/uploads/tickets/{ticketId}/00000000000000000000000000000000.jpg");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
