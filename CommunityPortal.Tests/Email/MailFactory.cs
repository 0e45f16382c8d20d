using CommunityPortal.Tests.Infrastructure;

namespace CommunityPortal.Tests.Email;

/// <summary>The app with a driven clock and a public URL unlike the test server's own address, for e-mail tests.</summary>
public class MailFactory : ClockFactory
{
    public const string PublicUrl = "https://portal.example.org/";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Portal:PublicUrl", PublicUrl),
        new("Email:BatchWindowSeconds", "120"),
    ];
}
