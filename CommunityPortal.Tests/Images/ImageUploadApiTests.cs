using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommunityPortal.Tests.Api;
using CommunityPortal.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CommunityPortal.Tests.Images;

/// <summary>POST /api/tickets/{id}/images and /api/comentarios/{id}/images: what is kept, what is refused.</summary>
public class ImageUploadApiTests(PortalAppFactory factory) : ImageApiTestBase(factory), IClassFixture<PortalAppFactory>
{
    private const string Ana = "ana@demo.local";

    [Fact]
    public async Task A_sideways_phone_photo_comes_back_upright_small_and_without_metadata()
    {
        var source = TestImages.SidewaysJpegWithGps(3000, 2000);
        var sourceInfo = Image.Identify(source);
        Assert.NotNull(sourceInfo.Metadata.ExifProfile?.GetValue(SixLabors.ImageSharp.Metadata.Profiles.Exif.ExifTag.GPSLatitude));
        Assert.NotNull(sourceInfo.Metadata.XmpProfile);
        var ticketId = await CreateOwnTicketAsync(Ana, "Filtración en el techo");

        var urls = await UploadToTicketAsync(Ana, ticketId, ("IMG_0001.jpg", source));

        var url = Assert.Single(urls);
        Assert.Matches(@"^uploads/tickets/\d+/[0-9a-f]{32}\.jpg$", url);
        Assert.StartsWith($"uploads/tickets/{ticketId}/", url);
        using var client = await As(Ana);
        using var response = await DownloadAsync(client, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using (var image = Image.Load<Rgb24>(bytes, out var format))
        {
            Assert.IsType<JpegFormat>(format);
            // Upright: 3000×2000 shown rotated is 2000×3000, scaled to a long side of 2048.
            Assert.Equal(2048, image.Height);
            Assert.InRange(image.Width, 1364, 1366);
            // The red half was on the left of the stored pixels; after orientation 6 it is on top.
            Assert.True(image[image.Width / 2, 100].R > 150 && image[image.Width / 2, 100].B < 100, "top should be red");
            Assert.True(image[image.Width / 2, image.Height - 100].B > 150, "bottom should be blue");
            Assert.Null(image.Metadata.ExifProfile);
            Assert.Null(image.Metadata.XmpProfile);
            Assert.Null(image.Metadata.IccProfile);
            Assert.Null(image.Metadata.IptcProfile);
        }

        Assert.Equal(-1, IndexOf(bytes, "Exif"u8.ToArray()));
        Assert.Equal(-1, IndexOf(bytes, "TestPhone"u8.ToArray()));

        using var thumbResponse = await DownloadAsync(client, url, thumb: true);
        Assert.Equal(HttpStatusCode.OK, thumbResponse.StatusCode);
        var thumbInfo = Image.Identify(await thumbResponse.Content.ReadAsByteArrayAsync());
        Assert.Equal(320, Math.Max(thumbInfo.Width, thumbInfo.Height));
        Assert.True(thumbInfo.Height > thumbInfo.Width);
        Assert.Null(thumbInfo.Metadata.ExifProfile);
    }

    [Fact]
    public async Task A_png_with_transparency_stays_png()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Plano con transparencia");

        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("plano.png", TestImages.PngWithAlpha())));

        Assert.EndsWith(".png", url);
        using var client = await As(Ana);
        using var response = await DownloadAsync(client, url);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var image = Image.Load<Rgba32>(await response.Content.ReadAsByteArrayAsync(), out var format);
        Assert.IsType<PngFormat>(format);
        Assert.Equal(0, image[10, 10].A);
        Assert.Equal(255, image[390, 10].A);
        Assert.True(File.Exists(PhysicalPath(url, thumb: true)));
    }

    [Fact]
    public async Task An_opaque_webp_is_accepted_and_stored_as_jpeg()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Foto WebP");

        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("captura.webp", TestImages.Webp())));

        Assert.EndsWith(".jpg", url);
        var info = Image.Identify(await File.ReadAllBytesAsync(PhysicalPath(url)), out var format);
        Assert.IsType<JpegFormat>(format);
        Assert.Equal((300, 200), (info.Width, info.Height));
    }

    public static TheoryData<string, byte[], HttpStatusCode, string> RefusedFiles() => new()
    {
        { "notas.jpg", TestImages.Text(), HttpStatusCode.UnsupportedMediaType, "no es una imagen JPEG, PNG o WebP" },
        { "logo.svg", TestImages.Svg(), HttpStatusCode.UnsupportedMediaType, "no es una imagen JPEG, PNG o WebP" },
        { "animada.gif", TestImages.Gif(), HttpStatusCode.UnsupportedMediaType, "no es una imagen JPEG, PNG o WebP" },
        { "cortada.jpg", TestImages.TruncatedJpeg(), HttpStatusCode.BadRequest, "dañada o incompleta" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task A_file_that_is_not_a_whole_jpeg_png_or_webp_is_refused_naming_it(
        string name, byte[] bytes, HttpStatusCode status, string reason)
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Archivo raro");
        using var client = await As(Ana);

        using var response = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("bien.jpg", TestImages.SmallJpeg()), (name, bytes));

        var problem = await ApiErrorTests.AssertProblemAsync(response, status);
        var message = Assert.Single(problem.GetProperty("errors").GetProperty("files").EnumerateArray()).GetString()!;
        Assert.StartsWith($"{name}: ", message);
        Assert.Contains(reason, message);
        // All or nothing: the good file was not kept either.
        Assert.Empty(await TicketImageUrlsAsync(Ana, ticketId));
        Assert.False(Directory.Exists(Path.Combine(Factory.UploadsRoot, "tickets", ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            && Directory.EnumerateFiles(Path.Combine(Factory.UploadsRoot, "tickets", ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture))).Any());
    }

    [Fact]
    public async Task A_png_claiming_30000_by_30000_pixels_is_refused_before_decoding()
    {
        var bomb = TestImages.PngBomb();
        Assert.True(bomb.Length < 100);
        var ticketId = await CreateOwnTicketAsync(Ana, "Bomba");
        using var client = await As(Ana);

        var watch = Stopwatch.StartNew();
        using var response = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("bomba.png", bomb));
        watch.Stop();

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        // "more than 40 megapixels" — a decode attempt would have failed as "damaged" (allocator cap) instead.
        Assert.Equal("bomba.png: tiene más de 40 megapíxeles", problem.GetProperty("errors").GetProperty("files")[0].GetString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task A_file_over_10_mb_is_refused_naming_it_and_one_of_exactly_10_mb_is_accepted()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Foto grande");
        using var client = await As(Ana);
        // A real JPEG padded after its end marker (as phones do with "motion photo" data) to the exact limit.
        var tenMb = Pad(TestImages.SmallJpeg(), 10 * 1024 * 1024);
        var elevenMb = Pad(TestImages.SmallJpeg(), 11 * 1024 * 1024);

        using var tooBig = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("enorme.jpg", elevenMb));
        using var justRight = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("grande.jpg", tenMb));

        var problem = await ApiErrorTests.AssertProblemAsync(tooBig, HttpStatusCode.BadRequest);
        Assert.Equal("enorme.jpg: pesa más de 10 MB", problem.GetProperty("errors").GetProperty("files")[0].GetString());
        Assert.Single((await ReadAsync(justRight, HttpStatusCode.Created)).GetProperty("imageUrls").EnumerateArray());
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_a_415_problem()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Sin multipart");
        using var client = await As(Ana);

        using var response = await client.PostAsync($"/api/tickets/{ticketId}/images", new ByteArrayContent(TestImages.SmallJpeg())
        {
            Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg") },
        });

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_upload_without_files_is_a_400_problem()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Sin archivos");
        using var client = await As(Ana);
        using var form = new MultipartFormDataContent { { new StringContent("sin fotos"), "nota" } };

        using var response = await client.PostAsync($"/api/tickets/{ticketId}/images", form);

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("files", out _));
    }

    [Fact]
    public async Task The_eleventh_image_on_a_ticket_is_refused()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Muchas fotos");
        var small = TestImages.SmallJpeg();
        await UploadToTicketAsync(Ana, ticketId, Enumerable.Range(1, 6).Select(i => ($"foto{i}.jpg", small)).ToArray());
        var urls = await UploadToTicketAsync(Ana, ticketId, Enumerable.Range(7, 4).Select(i => ($"foto{i}.jpg", small)).ToArray());
        Assert.Equal(10, urls.Distinct().Count());
        using var client = await As(Ana);

        using var response = await PostFilesAsync(client, $"/api/tickets/{ticketId}/images", ("foto11.jpg", small));

        var problem = await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("10", problem.GetProperty("errors").GetProperty("files")[0].GetString());
        Assert.Equal(10, (await TicketImageUrlsAsync(Ana, ticketId)).Count);
    }

    [Fact]
    public async Task An_admin_in_scope_may_add_images_to_a_residents_ticket()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Foto del administrador");

        var urls = await UploadToTicketAsync("gestor@demo.local", ticketId, ("visita.jpg", TestImages.SmallJpeg()));

        Assert.Equal(urls, await TicketImageUrlsAsync(Ana, ticketId));
    }

    [Fact]
    public async Task The_comment_author_adds_up_to_five_images_and_the_sixth_is_refused()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Comentario con fotos");
        var commentId = await CreateCommentAsync(Ana, ticketId);
        using var client = await As(Ana);
        var small = TestImages.SmallJpeg();

        using var five = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images",
            Enumerable.Range(1, 5).Select(i => ($"c{i}.jpg", small)).ToArray());
        using var sixth = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images", ("c6.jpg", small));

        var urls = (await ReadAsync(five, HttpStatusCode.Created)).GetProperty("imageUrls").EnumerateArray().Select(u => u.GetString()!).ToList();
        Assert.Equal(5, urls.Count);
        Assert.All(urls, u => Assert.StartsWith($"uploads/comentarios/{commentId}/", u));
        await ApiErrorTests.AssertProblemAsync(sixth, HttpStatusCode.BadRequest);
        var comment = await client.GetFromJsonAsync<JsonElement>($"/api/comentarios/{commentId}");
        Assert.Equal(urls, comment.GetProperty("imageUrls").EnumerateArray().Select(u => u.GetString()!).ToList());
        // Whoever sees the ticket sees the comment's images.
        using var admin = await As("gestor@demo.local");
        using var download = await DownloadAsync(admin, urls[0]);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task Someone_who_sees_the_comment_but_did_not_write_it_gets_403()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Comentario ajeno");
        var commentId = await CreateCommentAsync("gestor@demo.local", ticketId, "Vamos el lunes");
        using var client = await As(Ana);

        using var response = await PostFilesAsync(client, $"/api/comentarios/{commentId}/images", ("mia.jpg", TestImages.SmallJpeg()));

        await ApiErrorTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Adding_and_removing_an_image_is_in_the_history_and_the_file_goes_to_the_trash()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Historial de fotos");
        var urls = await UploadToTicketAsync(Ana, ticketId, ("a.jpg", TestImages.SmallJpeg()), ("b.jpg", TestImages.SmallJpeg()));
        var removed = urls[0];
        var original = PhysicalPath(removed);
        Assert.True(File.Exists(original));
        using var client = await As(Ana);

        using var delete = await client.DeleteAsync($"/api/tickets/{ticketId}/images?url={Uri.EscapeDataString(removed)}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal([urls[1]], await TicketImageUrlsAsync(Ana, ticketId));
        Assert.False(File.Exists(original));
        var trashed = Path.Combine(Factory.UploadsRoot, "trash", "tickets", ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(original));
        Assert.True(File.Exists(trashed));
        Assert.True(File.Exists(trashed.Replace(".jpg", ".thumb.jpg", StringComparison.Ordinal)));
        using var download = await DownloadAsync(client, removed);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}/history");
        var entries = history.EnumerateArray().Select(h => (h.GetProperty("action").GetString(), h.GetProperty("detail").GetString())).ToList();
        Assert.Contains(("imageAdded", urls[0]), entries);
        Assert.Contains(("imageAdded", urls[1]), entries);
        Assert.Equal(("imageRemoved", removed), entries[^1]);

        using var again = await client.DeleteAsync($"/api/tickets/{ticketId}/images?url={Uri.EscapeDataString(removed)}");
        await ApiErrorTests.AssertProblemAsync(again, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_ticket_keeps_its_files_but_stops_serving_them()
    {
        var ticketId = await CreateOwnTicketAsync(Ana, "Ticket que se borra");
        var url = Assert.Single(await UploadToTicketAsync(Ana, ticketId, ("a.jpg", TestImages.SmallJpeg())));
        using var client = await As(Ana);

        using var delete = await client.DeleteAsync($"/api/tickets/{ticketId}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.True(File.Exists(PhysicalPath(url)));
        Assert.True(File.Exists(PhysicalPath(url, thumb: true)));
        using var download = await DownloadAsync(client, url);
        await ApiErrorTests.AssertProblemAsync(download, HttpStatusCode.NotFound);
    }

    private static byte[] Pad(byte[] jpeg, int length)
    {
        var padded = new byte[length];
        jpeg.CopyTo(padded, 0);
        return padded;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
