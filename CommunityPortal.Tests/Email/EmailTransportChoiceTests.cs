using CommunityPortal.Features.Email;
using CommunityPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace CommunityPortal.Tests.Email;

/// <summary>The app writing its e-mail as .eml files (Email:PickupFolder), as Development does by default.</summary>
public sealed class PickupFolderFactory : ClockFactory
{
    public string MailFolder => Path.Combine(Root, "mail");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Email:PickupFolder", MailFolder), new("Email:From", "portal@demo.local")];
}

public class PickupFolderTests(PickupFolderFactory factory) : IClassFixture<PickupFolderFactory>
{
    [Fact]
    public async Task With_a_pickup_folder_each_email_becomes_an_eml_file_and_is_marked_sent()
    {
        var email = await OutboxTestMail.QueueAsync(factory, $"archivo-{Guid.NewGuid():N}@demo.local", e => e.UnsubscribeUrl = "https://portal.example.org/email/unsubscribe?token=x");

        await OutboxTestMail.UntilAsync(factory, email.Id, e => e.Status == OutgoingEmailStatus.Sent, "the row marked sent");

        var file = Assert.Single(Directory.GetFiles(factory.MailFolder, "*.eml"), f => File.ReadAllText(f).Contains(email.MessageId));
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal(email.MessageId, message.MessageId);
        Assert.Equal(email.Subject, message.Subject);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Empty(Directory.GetFiles(factory.MailFolder, "*.tmp"));
    }
}

/// <summary>Neither SMTP nor a pickup folder (production before it is set up): nothing is sent, nothing is lost.</summary>
public class UnconfiguredEmailTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Fact]
    public async Task Without_settings_messages_stay_pending_and_the_dashboard_says_email_is_not_configured()
    {
        var email = await OutboxTestMail.QueueAsync(factory, $"espera-{Guid.NewGuid():N}@demo.local");
        var admin = await ServiceUsers.GetAsync(factory, "admin@demo.local");
        var service = factory.Services.CreateScope().ServiceProvider.GetRequiredService<EmailAdminService>();

        Assert.Null(factory.Services.GetRequiredService<ConfiguredEmailTransport>().Transport);
        Assert.Equal(new EmailHealthDto(false, 0), await service.GetHealthAsync(admin, default));
        var row = await OutboxTestMail.RowAsync(factory, email.Id);
        Assert.Equal((OutgoingEmailStatus.Pending, 0), (row.Status, row.Attempts));
    }
}
