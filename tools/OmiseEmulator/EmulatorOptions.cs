using System;

namespace OmiseEmulator;

public sealed class EmulatorOptions
{
    /// <summary>0 lets the OS choose a free port (what tests do).</summary>
    public int Port { get; init; }
    public int Events { get; init; } = 1000;
    public int LiveEvents { get; init; } = 50;
    public int Seed { get; init; } = EmulatorDefaults.Seed;
    /// <summary>The emulator's "now"; the log ends one minute before it.</summary>
    public DateTime Now { get; init; } = new(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc);
    /// <summary>
    /// The account's webhook secret, base64 as the dashboard shows it: what a handler under test
    /// verifies with and Send-OmiseWebhook signs with (<c>$env:OMISE_WEBHOOK_SECRET</c>).
    /// </summary>
    public string WebhookSecret { get; init; } = DefaultWebhookSecret;

    /// <summary>A fixed secret, so a handler configured once keeps working across emulator runs.</summary>
    public const string DefaultWebhookSecret = "ZW11bGF0b3Itd2ViaG9vay1zZWNyZXQtMDAwMDAwMDA=";
}
