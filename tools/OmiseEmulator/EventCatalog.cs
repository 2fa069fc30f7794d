using System.Collections.Generic;
using System.Linq;

namespace OmiseEmulator;

/// <summary>How one event key behaves in the generated log: what its data object is and whether it creates that object.</summary>
/// <param name="Key">The event key, e.g. charge.create.</param>
/// <param name="Object">The <c>data.object</c> of such an event.</param>
/// <param name="Prefix">The id prefix of that object.</param>
/// <param name="Creates">True when the event brings a new object into being; otherwise it is about an existing one.</param>
/// <param name="ParentObject">For objects that hang off another (a refund off a charge), the parent's kind.</param>
/// <param name="Weight">Relative frequency after the opening run that covers every key once.</param>
public sealed record EventKeySpec(string Key, string Object, string Prefix, bool Creates, string? ParentObject, double Weight)
{
    public bool Destroys => Key.EndsWith(".destroy", System.StringComparison.Ordinal);
}

public static class EventCatalog
{
    /// <summary>Every key of the API reference, plus one the reference does not know (wallet.topup) to prove pass-through.</summary>
    public static IReadOnlyList<EventKeySpec> Keys { get; } = new EventKeySpec[]
    {
        new("charge.create", "charge", "chrg", true, null, 14),
        new("charge.update", "charge", "chrg", false, null, 3),
        new("charge.capture", "charge", "chrg", false, null, 3),
        new("charge.complete", "charge", "chrg", false, null, 12),
        new("charge.reverse", "charge", "chrg", false, null, 1),
        new("charge.expire", "charge", "chrg", false, null, 2),
        new("charge.dispute.create", "dispute", "dspt", true, "charge", 1),
        new("charge.dispute.update", "dispute", "dspt", false, "charge", 1),
        new("charge.dispute.close", "dispute", "dspt", false, "charge", 1),
        new("refund.create", "refund", "rfnd", true, "charge", 4),
        new("customer.create", "customer", "cust", true, null, 4),
        new("customer.update", "customer", "cust", false, null, 2),
        new("customer.update.card", "customer", "cust", false, null, 1),
        new("customer.destroy", "customer", "cust", false, null, 0.5),
        new("card.update", "card", "card", false, null, 1),
        new("card.destroy", "card", "card", false, null, 0.5),
        new("transfer.create", "transfer", "trsf", true, null, 3),
        new("transfer.update", "transfer", "trsf", false, null, 1),
        new("transfer.destroy", "transfer", "trsf", false, null, 0.3),
        new("transfer.send", "transfer", "trsf", false, null, 2),
        new("transfer.pay", "transfer", "trsf", false, null, 2),
        new("recipient.create", "recipient", "recp", true, null, 0.6),
        new("recipient.update", "recipient", "recp", false, null, 0.4),
        new("recipient.verify", "recipient", "recp", false, null, 0.4),
        new("recipient.activate", "recipient", "recp", false, null, 0.3),
        new("recipient.deactivate", "recipient", "recp", false, null, 0.2),
        new("recipient.destroy", "recipient", "recp", false, null, 0.1),
        new("source.create", "source", "src", true, null, 5),
        new("source.update", "source", "src", false, null, 1),
        new("source.failed", "source", "src", false, null, 1),
        new("source.successful", "source", "src", false, null, 4),
        new("link.create", "link", "link", true, null, 1),
        new("link.payment.create", "charge", "chrg", true, "link", 1),
        new("link.payment.complete", "charge", "chrg", false, null, 1),
        new("schedule.create", "schedule", "schd", true, null, 0.5),
        new("schedule.suspend", "schedule", "schd", false, null, 0.2),
        new("schedule.activate", "schedule", "schd", false, null, 0.2),
        new("schedule.expiring", "schedule", "schd", false, null, 0.2),
        new("schedule.expire", "schedule", "schd", false, null, 0.2),
        new("schedule.destroy", "schedule", "schd", false, null, 0.2),
        new("schedule.occurrence.scheduled", "occurrence", "occu", true, "schedule", 1),
        new("schedule.occurrence.successful", "occurrence", "occu", false, "schedule", 1),
        new("schedule.occurrence.failed", "occurrence", "occu", false, "schedule", 0.3),
        new("webhooks.deliver", "webhook_delivery", "whdl", true, null, 0.2),
        new("webhooks.retry", "webhook_delivery", "whdl", false, null, 0.2),
        new("wallet.topup", "wallet", "wlet", true, null, 0.2),
    };

    /// <summary>The keys the API reference lists (everything but the deliberately unknown one).</summary>
    public static IReadOnlyList<string> DocumentedKeys { get; } = Keys.Where(k => k.Object != "wallet").Select(k => k.Key).ToArray();
}
