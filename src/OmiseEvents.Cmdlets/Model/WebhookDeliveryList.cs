using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using OmiseEvents.Json;

namespace OmiseEvents;

/// <summary>
/// An event's webhook deliveries. Its text form is compact JSON, so Export-Csv writes a cell
/// that keeps every delivery; <see cref="Summary"/> is the short form tables show.
/// </summary>
public sealed class WebhookDeliveryList : ReadOnlyCollection<WebhookDelivery>
{
    internal static readonly WebhookDeliveryList Unknown = new(Array.Empty<WebhookDelivery>(), known: false);

    internal WebhookDeliveryList(IList<WebhookDelivery> deliveries, bool known) : base(deliveries) => Known = known;

    /// <summary>False for events stored in API versions before 2019-05-29, which do not record deliveries.</summary>
    public bool Known { get; }

    /// <summary><c>3/3 ok</c>; <c>fail 500</c> (or <c>fail ---</c> with no answer) when the last attempt failed; <c>-</c> for none; empty when not recorded.</summary>
    public string Summary
    {
        get
        {
            if (!Known)
            {
                return "";
            }
            if (Count == 0)
            {
                return "-";
            }
            var last = this[Count - 1];
            return last.Succeeded
                ? $"{this.Count(d => d.Succeeded)}/{Count} ok"
                : "fail " + (last.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "---");
        }
    }

    public override string ToString() => Known ? OmiseJson.Write(this) : "";
}
