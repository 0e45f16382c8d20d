using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CommunityPortal.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a free loopback port for the tests (the SmtpServer package): it keeps every message it
/// accepts as a <see cref="MimeMessage"/>, answers 550 for the addresses given to <see cref="Reject"/>, and can be
/// stopped and started again on the same port (a mail server that is down for a while). <see cref="Settings"/> are the
/// app's settings that point it here; <see cref="SmtpAppFactory"/> applies them.
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> messages = new();
    private readonly ConcurrentDictionary<string, string> rejected = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();
    private CancellationTokenSource? running;
    private Task? serving;

    public LoopbackSmtpServer(bool start = true)
    {
        // A free port, kept for the server's life so a restart comes back on the same address.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        if (start)
        {
            Start();
        }
    }

    public int Port { get; }

    /// <summary>How long the server takes to accept each message (a slow server, so a test can stop the app mid-batch).</summary>
    public TimeSpan AcceptDelay { get; set; }

    public bool IsRunning => running is not null;

    /// <summary>Every message accepted so far, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => messages.ToArray();

    /// <summary>The app's settings that send here: plain SMTP on loopback, no pickup folder.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Email:Smtp:Host", "127.0.0.1"),
        new("Email:Smtp:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Email:Smtp:Security", "None"),
        new("Email:Smtp:TimeoutSeconds", "10"),
        new("Email:PickupFolder", ""),
        new("Email:From", "portal@demo.local"),
    ];

    public IReadOnlyList<MimeMessage> To(string address) =>
        messages.Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>From now on RCPT TO this address gets <c>550 5.1.1 …</c>.</summary>
    public void Reject(string address, string answer = "5.1.1 Mailbox unavailable") => rejected[address] = answer;

    /// <summary>Accepts that address again.</summary>
    public void Accept(string address) => rejected.TryRemove(address, out _);

    public void Start()
    {
        lock (gate)
        {
            if (running is not null)
            {
                return;
            }

            var options = new SmtpServerOptionsBuilder()
                .ServerName("localhost")
                .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Store(this));
            services.Add(new Filter(rejected));
            running = new CancellationTokenSource();
            serving = new SmtpServer.SmtpServer(options, services).StartAsync(running.Token);
        }
    }

    /// <summary>Stops listening; a client connecting now is refused, as with a mail server that is down.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? cts;
        Task? task;
        lock (gate)
        {
            (cts, task, running, serving) = (running, serving, null, null);
        }

        if (cts is null)
        {
            return;
        }

        await cts.CancelAsync();
        try
        {
            await task!;
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked.
        }

        cts.Dispose();
    }

    /// <summary>Waits (polling, never a fixed sleep) until <paramref name="count"/> messages match; fails after the timeout.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForAsync(Func<MimeMessage, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var found = messages.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected {count} matching e-mails, got {found.Count} (of {messages.Count} received).");
            }

            await Task.Delay(25);
        }
    }

    public Task<IReadOnlyList<MimeMessage>> WaitForToAsync(string address, int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase)), count, timeout);

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(LoopbackSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (server.AcceptDelay > TimeSpan.Zero)
            {
                await Task.Delay(server.AcceptDelay, cancellationToken);
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server.messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(ConcurrentDictionary<string, string> rejected) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            if (rejected.TryGetValue($"{to.User}@{to.Host}", out var answer))
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, answer));
            }

            return Task.FromResult(true);
        }
    }
}

/// <summary>
/// The app (driven clock) sending its e-mail to its own <see cref="LoopbackSmtpServer"/>. Pass another factory's
/// <see cref="PortalAppFactory.Root"/> to start a second app on the same database (a restart).
/// </summary>
public class SmtpAppFactory : ClockFactory
{
    public SmtpAppFactory()
        : this(null, null)
    {
    }

    private SmtpAppFactory(string? root, LoopbackSmtpServer? smtp)
        : base(root)
    {
        Smtp = smtp ?? new LoopbackSmtpServer();
        ownsSmtp = smtp is null;
    }

    private bool ownsSmtp;

    /// <summary>
    /// Stops this app (a graceful stop) and returns a new one on the same database, keys and SMTP server, not started
    /// yet; the new one deletes the files and stops the server when disposed.
    /// </summary>
    public async Task<SmtpAppFactory> RestartAsync()
    {
        KeepFiles = true;
        var ownedSmtp = ownsSmtp;
        ownsSmtp = false;
        await DisposeAsync();
        return new SmtpAppFactory(Root, Smtp) { ownsSmtp = ownedSmtp };
    }

    public LoopbackSmtpServer Smtp { get; }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => Smtp.Settings;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (ownsSmtp)
        {
            await Smtp.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
