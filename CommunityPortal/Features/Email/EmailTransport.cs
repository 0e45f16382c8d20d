using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CommunityPortal.Features.Email;

/// <summary>Where messages go: an SMTP server, or a pickup folder of <c>.eml</c> files.</summary>
public interface IEmailTransport
{
    /// <summary>For the logs and /admin/email: <c>smtp://host:587</c> or the folder's path.</summary>
    string Description { get; }

    /// <summary>Opens one session for a batch of messages; throws <see cref="EmailDeliveryException"/> when it cannot.</summary>
    Task<IEmailConnection> ConnectAsync(CancellationToken cancellationToken);
}

public interface IEmailConnection : IAsyncDisposable
{
    /// <summary>False once the session is unusable (the next message needs a new one).</summary>
    bool IsUsable { get; }

    /// <summary>Hands one message over; throws <see cref="EmailDeliveryException"/> when it is not accepted.</summary>
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A delivery that did not happen. <see cref="Permanent"/>: the server refused the message for good (5xx, bad address),
/// so retrying cannot help; otherwise (no connection, 4xx, timeout) it is retried with backoff.
/// </summary>
public sealed class EmailDeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>The transport the settings chose; null when e-mail is not configured (messages then stay queued).</summary>
public sealed record ConfiguredEmailTransport(IEmailTransport? Transport);

/// <summary>Which transport the settings ask for: a pickup folder wins over SMTP; neither means nothing is sent.</summary>
public static class EmailTransports
{
    public static IServiceCollection AddEmailTransport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailSettings>(configuration.GetSection(EmailSettings.Section));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<EmailSettings>>().Value;
            if (!string.IsNullOrWhiteSpace(settings.PickupFolder))
            {
                var folder = Path.GetFullPath(Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, settings.PickupFolder));
                return new ConfiguredEmailTransport(new PickupFolderTransport(folder));
            }

            return new ConfiguredEmailTransport(string.IsNullOrWhiteSpace(settings.Smtp.Host) ? null : new SmtpTransport(settings.Smtp));
        });
        return services;
    }
}

/// <summary>Sends through an SMTP server with MailKit, one connection per batch.</summary>
public sealed class SmtpTransport(SmtpSettings settings) : IEmailTransport
{
    public string Description => $"smtp://{settings.Host}:{settings.Port} ({settings.Security})";

    public async Task<IEmailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)).TotalMilliseconds };
        try
        {
            var security = settings.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(settings.Host, settings.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.User))
            {
                await client.AuthenticateAsync(settings.User, settings.Password, cancellationToken);
            }

            return new Connection(client);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw Classify(ex);
        }
    }

    /// <summary>The server's answer decides: 5xx is permanent, anything else (4xx, no answer, no connection) is worth retrying.</summary>
    internal static EmailDeliveryException Classify(Exception ex) => ex switch
    {
        EmailDeliveryException delivery => delivery,
        SmtpCommandException command => new EmailDeliveryException(
            $"{(int)command.StatusCode} {command.Message}".Trim(), (int)command.StatusCode >= 500, ex),
        // A password the server refuses is a setting to fix, not a message to drop: retried until someone fixes it.
        AuthenticationException => new EmailDeliveryException($"Authentication failed: {ex.Message}", false, ex),
        SocketException or IOException or TimeoutException or OperationCanceledException or ProtocolException
            or SslHandshakeException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            => new EmailDeliveryException(ex.Message, false, ex),
        _ => new EmailDeliveryException(ex.Message, false, ex),
    };

    private sealed class Connection(SmtpClient client) : IEmailConnection
    {
        public bool IsUsable => client.IsConnected;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = Classify(ex);
                if (ex is not SmtpCommandException && client.IsConnected)
                {
                    // After anything but a plain refusal the session's state is unknown: start the next one afresh.
                    await client.DisconnectAsync(false, CancellationToken.None);
                }

                throw failure;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(true, quit.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ProtocolException or SmtpCommandException)
            {
                // Every message of the session is already marked; a lost QUIT changes nothing.
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>Writes each message as an <c>.eml</c> file (Development, or a relay that picks files up).</summary>
public sealed class PickupFolderTransport(string folder) : IEmailTransport
{
    public string Folder { get; } = folder;

    public string Description => Folder;

    public Task<IEmailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(Folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EmailDeliveryException($"Cannot create the pickup folder {Folder}: {ex.Message}", false, ex);
        }

        return Task.FromResult<IEmailConnection>(new Connection(Folder));
    }

    private sealed class Connection(string folder) : IEmailConnection
    {
        public bool IsUsable => true;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
            var path = Path.Combine(folder, name + ".eml");
            var temp = path + ".tmp";
            try
            {
                // Written aside, then renamed: whatever picks files up never sees half a message.
                await message.WriteToAsync(temp, cancellationToken);
                File.Move(temp, path, overwrite: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new EmailDeliveryException($"Cannot write {path}: {ex.Message}", false, ex);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
