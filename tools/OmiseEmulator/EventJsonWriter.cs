using System;
using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace OmiseEmulator;

/// <summary>
/// Writes an event's JSON in the shape of the API version it was stored in. Object attributes come
/// from a random source seeded by the object's id, so every event about one charge agrees on its
/// amount, currency and card; event-specific details come from the event's own seed.
/// </summary>
internal sealed class EventJsonWriter
{
    private static readonly string[] Currencies = { "THB", "THB", "THB", "JPY", "SGD", "USD" };
    private static readonly string[] Brands = { "Visa", "MasterCard", "JCB" };
    private static readonly string[] Names = { "Somchai Prasert", "Kanya Srisuk", "Taro Yamada", "Lim Wei Ling", "Jane Doe" };

    /// <summary>The account's webhook endpoints: an event goes to the first, or to both.</summary>
    private static readonly string[] Endpoints = { "https://shop.example.com/omise", "https://hooks.example.org/omise" };

    /// <summary>What an endpoint answers one attempt: mostly 2xx, sometimes 4xx or 5xx, or nothing at all (null).</summary>
    private static readonly int?[] Answers = { 200, 200, 200, 200, 200, 200, 202, 404, 500, 503, null };

    /// <summary>When each attempt is made, in seconds after the event: the first at once, retries later.</summary>
    private static readonly int[] AttemptDelays = { 1, 61, 601 };

    private readonly int _seed;

    public EventJsonWriter(int seed) => _seed = seed;

    public byte[] Write(StoredEvent e, bool includeData)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            WriteCore(w, e, includeData);
            if (e.IsModernShape)
            {
                WriteDeliveries(w, e);
                WriteTeam(w, e);
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteTeam(Utf8JsonWriter w, StoredEvent e)
    {
        if (new Random(e.BodySeed).Next(10) == 0)
        {
            w.WriteString("team_uid", StableRandom.NewId("team", e.Live, new Random(_seed)));
        }
        else
        {
            w.WriteNull("team_uid");
        }
    }

    /// <summary>
    /// The body Omise delivers, as its deliveries' <c>payload</c> keeps it: the event pretty-printed
    /// with 2-space indents, <c>"webhook_deliveries": []</c>, a trailing newline, UTF-8.
    /// </summary>
    internal byte[] WritePayload(StoredEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        var options = new JsonWriterOptions
        {
            Indented = true,
            NewLine = "\n",
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            w.WriteStartObject();
            WriteCore(w, e, includeData: true);
            // In the event's own API version: versions before 2019-05-29 have neither field.
            if (e.IsModernShape)
            {
                w.WriteStartArray("webhook_deliveries");
                w.WriteEndArray();
                WriteTeam(w, e);
            }
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private void WriteCore(Utf8JsonWriter w, StoredEvent e, bool includeData)
    {
        w.WriteString("object", "event");
        w.WriteString("id", e.Id);
        w.WriteBoolean("livemode", e.Live);
        w.WriteString("location", "/events/" + e.Id);
        w.WriteString("key", e.Key);
        WriteTime(w, e, e.IsModernShape ? "created_at" : "created", e.Created);
        if (includeData)
        {
            w.WritePropertyName("data");
            WriteData(w, e);
        }
    }

    /// <summary>
    /// Deliveries as Omise makes them: each endpoint the event goes to is tried until it answers
    /// 2xx, at most <see cref="AttemptDelays"/>.Length times, and the list is in the order they
    /// were made. A quarter of events have no deliveries, a quarter go to both endpoints.
    /// </summary>
    private void WriteDeliveries(Utf8JsonWriter w, StoredEvent e)
    {
        var rng = new Random(e.BodySeed ^ 0x5bd1e995);
        int endpoints = rng.Next(4) switch { 0 => 0, 3 => 2, _ => 1 };
        w.WriteStartArray("webhook_deliveries");
        if (endpoints > 0)
        {
            string payload = System.Text.Encoding.UTF8.GetString(WritePayload(e));
            var answered = new bool[endpoints];
            for (int attempt = 0; attempt < AttemptDelays.Length; attempt++)
            {
                for (int endpoint = 0; endpoint < endpoints; endpoint++)
                {
                    if (answered[endpoint])
                    {
                        continue;
                    }
                    int? status = Answers[rng.Next(Answers.Length)];
                    answered[endpoint] = status is >= 200 and < 300;
                    w.WriteStartObject();
                    w.WriteString("object", "webhook_delivery");
                    w.WriteString("id", StableRandom.NewId("whdl", e.Live, rng));
                    w.WriteString("uri", Endpoints[endpoint]);
                    if (status is int s) { w.WriteNumber("status", s); } else { w.WriteNull("status"); }
                    w.WriteString("key", e.Key);
                    if (status is null) { w.WriteString("error", "Net::ReadTimeout"); } else { w.WriteNull("error"); }
                    w.WriteString("payload", payload);
                    // Omise writes delivery times in this non-ISO form; clients must cope.
                    w.WriteString("created_at", e.Created.AddSeconds(AttemptDelays[attempt] + endpoint)
                        .ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                }
            }
        }
        w.WriteEndArray();
    }

    private void WriteData(Utf8JsonWriter w, StoredEvent e)
    {
        if (e.Spec.Destroys)
        {
            w.WriteStartObject();
            w.WriteString("object", e.DataObject);
            w.WriteString("id", e.DataId);
            w.WriteBoolean("livemode", e.Live);
            w.WriteBoolean("deleted", true);
            w.WriteEndObject();
            return;
        }

        var own = StableRandom.For(e.DataId, _seed);
        var evt = new Random(e.BodySeed);
        w.WriteStartObject();
        w.WriteString("object", e.DataObject);
        w.WriteString("id", e.DataId);
        w.WriteBoolean("livemode", e.Live);
        w.WriteString("location", Location(e.DataObject, e.DataId, e.ParentId));
        switch (e.DataObject)
        {
            case "charge": WriteCharge(w, e, own, evt); break;
            case "refund": WriteRefund(w, e, own, ChargeTerms(e.ParentId!)); break;
            case "dispute": WriteDispute(w, e, own, ChargeTerms(e.ParentId!)); break;
            case "customer": WriteCustomer(w, e, own); break;
            case "card": WriteCard(w, e, e.DataId, own); break;
            case "transfer": WriteTransfer(w, e, own); break;
            case "recipient": WriteRecipient(w, e, own); break;
            case "source": WriteSource(w, e, own); break;
            case "link": WriteLink(w, own); break;
            case "schedule": WriteSchedule(w, e, own); break;
            case "occurrence": WriteOccurrence(w, e); break;
            case "webhook_delivery": WriteWebhookData(w, evt); break;
            default: WriteUnknownKind(w, own); break;
        }
        WriteTime(w, e, e.IsModernShape ? "created_at" : "created", e.Created);
        w.WriteEndObject();
    }

    private static string Location(string kind, string id, string? parent) => kind switch
    {
        "refund" => $"/charges/{parent}/refunds/{id}",
        "dispute" => $"/disputes/{id}",
        "occurrence" => $"/occurrences/{id}",
        "webhook_delivery" => $"/webhook_deliveries/{id}",
        _ => $"/{kind}s/{id}",
    };

    private static long Amount(Random own) => (own.Next(1, 2000) * 50) + 2000;

    /// <summary>A charge's amount and currency, the first draws from its own seed: its refunds and disputes use the same.</summary>
    private (long Amount, string Currency) ChargeTerms(string chargeId, Random? own = null)
    {
        own ??= StableRandom.For(chargeId, _seed);
        return (Amount(own), Currencies[own.Next(Currencies.Length)]);
    }

    private void WriteCharge(Utf8JsonWriter w, StoredEvent e, Random own, Random evt)
    {
        var (amount, currency) = ChargeTerms(e.DataId, own);
        string status = e.Key switch
        {
            "charge.create" or "link.payment.create" => own.Next(4) == 0 ? "pending" : "successful",
            "charge.complete" or "link.payment.complete" => evt.Next(6) == 0 ? "failed" : "successful",
            "charge.expire" => "expired",
            "charge.reverse" => "reversed",
            _ => "successful",
        };
        bool paid = status == "successful";
        long fee = amount * 365 / 10000;
        long feeVat = fee * 7 / 100;
        bool refunded = e.Key == "charge.update" && evt.Next(3) == 0;
        long refundedAmount = refunded ? amount / 2 : 0;

        w.WriteNumber("amount", amount);
        w.WriteNumber("net", paid ? amount - fee - feeVat : 0);
        w.WriteNumber("fee", paid ? fee : 0);
        w.WriteNumber("fee_vat", paid ? feeVat : 0);
        w.WriteNumber("interest", 0);
        w.WriteNumber("interest_vat", 0);
        w.WriteNumber("funding_amount", amount);
        w.WriteNumber("refunded_amount", refundedAmount);
        w.WriteBoolean("authorized", status != "failed");
        w.WriteBoolean("capturable", status == "pending");
        w.WriteBoolean("capture", true);
        w.WriteBoolean("disputable", paid);
        w.WriteBoolean("refundable", paid);
        w.WriteBoolean("reversed", status == "reversed");
        w.WriteBoolean("reversible", status == "pending");
        w.WriteBoolean("voided", false);
        w.WriteBoolean("paid", paid);
        w.WriteBoolean("expired", status == "expired");
        w.WriteStartObject("platform_fee");
        w.WriteNull("fixed");
        w.WriteNull("amount");
        w.WriteNull("percentage");
        w.WriteEndObject();
        w.WriteString("currency", currency);
        w.WriteString("funding_currency", currency);
        w.WriteString("ip", $"203.0.113.{own.Next(1, 255)}");
        w.WriteStartObject("refunds");
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        if (refunded)
        {
            w.WriteStartObject();
            w.WriteString("object", "refund");
            string refundId = StableRandom.NewId("rfnd", e.Live, own);
            w.WriteString("id", refundId);
            w.WriteString("location", $"/charges/{e.DataId}/refunds/{refundId}");
            w.WriteNumber("amount", refundedAmount);
            w.WriteString("currency", currency);
            w.WriteBoolean("voided", false);
            w.WriteString("charge", e.DataId);
            w.WriteString("transaction", StableRandom.NewId("trxn", e.Live, own));
            WriteTime(w, e, e.IsModernShape ? "created_at" : "created", e.Created);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("limit", 20);
        w.WriteNumber("offset", 0);
        w.WriteNumber("total", refunded ? 1 : 0);
        w.WriteString("location", $"/charges/{e.DataId}/refunds");
        if (e.IsModernShape) { w.WriteString("order", "chronological"); } else { w.WriteNull("order"); }
        WriteTime(w, e, "from", DateTime.UnixEpoch);
        WriteTime(w, e, "to", e.Created);
        w.WriteEndObject();
        if (e.Spec.ParentObject == "link" && e.ParentId is not null) { w.WriteString("link", e.ParentId); } else { w.WriteNull("link"); }
        w.WriteString("description", $"Order #{own.Next(10000, 99999)}");
        w.WriteNull("dispute");
        w.WriteString("transaction", paid ? StableRandom.NewId("trxn", e.Live, own) : null);
        w.WriteString("failure_code", status == "failed" ? "insufficient_fund" : null);
        w.WriteString("failure_message", status == "failed" ? "insufficient funds in the account or the card has reached the credit limit" : null);
        w.WriteString("status", status);
        w.WriteNull("customer");
        w.WriteStartObject("metadata");
        w.WriteString("order_id", $"ORD-{own.Next(100000, 999999)}");
        w.WriteString("channel", own.Next(2) == 0 ? "web" : "mobile");
        w.WriteEndObject();
        w.WritePropertyName("card");
        WriteCard(w, e, StableRandom.NewId("card", e.Live, own), own, nested: true);
        w.WriteNull("source");
        w.WriteNull("schedule");
        w.WriteString("return_uri", "https://shop.example.com/orders/complete");
        w.WriteString("authorize_uri", $"https://api.omise.co/payments/{StableRandom.NewId("paym", e.Live, own)}/authorize");
        WriteTime(w, e, "paid_at", paid ? e.Created : null);
        WriteTime(w, e, "expires_at", e.Created.AddDays(7));
        WriteTime(w, e, "expired_at", status == "expired" ? e.Created : null);
        WriteTime(w, e, "reversed_at", status == "reversed" ? e.Created : null);
        w.WriteBoolean("zero_interest_installments", false);
        w.WriteNull("branch");
        w.WriteNull("terminal");
        w.WriteNull("device");
    }

    private static void WriteCard(Utf8JsonWriter w, StoredEvent e, string cardId, Random own, bool nested = false)
    {
        if (nested)
        {
            w.WriteStartObject();
            w.WriteString("object", "card");
            w.WriteString("id", cardId);
            w.WriteBoolean("livemode", e.Live);
            w.WriteNull("location");
        }
        w.WriteBoolean("deleted", false);
        w.WriteNull("street1");
        w.WriteNull("street2");
        w.WriteString("city", "Bangkok");
        w.WriteNull("state");
        w.WriteNull("phone_number");
        w.WriteString("postal_code", "10320");
        w.WriteString("country", "th");
        w.WriteString("financing", own.Next(3) == 0 ? "debit" : "credit");
        w.WriteString("bank", "Bank of the Emulator");
        w.WriteString("brand", Brands[own.Next(Brands.Length)]);
        w.WriteString("fingerprint", Convert.ToBase64String(BitConverter.GetBytes(own.NextInt64())));
        w.WriteNull("first_digits");
        w.WriteString("last_digits", own.Next(0, 10000).ToString("0000", CultureInfo.InvariantCulture));
        w.WriteString("name", Names[own.Next(Names.Length)]);
        w.WriteNumber("expiration_month", own.Next(1, 13));
        w.WriteNumber("expiration_year", 2027 + own.Next(6));
        w.WriteBoolean("security_code_check", true);
        w.WriteNull("tokenization_method");
        if (nested)
        {
            WriteTime(w, e, e.IsModernShape ? "created_at" : "created", e.Created.AddDays(-own.Next(1, 400)));
            w.WriteEndObject();
        }
    }

    private static void WriteRefund(Utf8JsonWriter w, StoredEvent e, Random own, (long Amount, string Currency) charge)
    {
        w.WriteNumber("amount", own.Next(2) == 0 ? charge.Amount : charge.Amount / 2);
        w.WriteString("currency", charge.Currency);
        w.WriteBoolean("voided", false);
        w.WriteString("charge", e.ParentId);
        w.WriteString("transaction", StableRandom.NewId("trxn", e.Live, own));
        w.WriteString("status", "closed");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
    }

    private static void WriteDispute(Utf8JsonWriter w, StoredEvent e, Random own, (long Amount, string Currency) charge)
    {
        string status = e.Key switch
        {
            "charge.dispute.create" => "open",
            "charge.dispute.update" => "pending",
            _ => own.Next(2) == 0 ? "won" : "lost",
        };
        w.WriteNumber("amount", charge.Amount);
        w.WriteString("currency", charge.Currency);
        w.WriteString("status", status);
        w.WriteString("reason_code", "goods_or_services_not_provided");
        w.WriteString("reason_message", "Services not provided or Merchandise not received");
        w.WriteString("message", status == "open" ? null : "Proof of delivery uploaded");
        w.WriteString("charge", e.ParentId);
        w.WriteStartArray("documents");
        w.WriteEndArray();
        WriteTime(w, e, "closed_at", status is "won" or "lost" ? e.Created : null);
        w.WriteStartObject("metadata");
        w.WriteEndObject();
    }

    private static void WriteCustomer(Utf8JsonWriter w, StoredEvent e, Random own)
    {
        w.WriteString("default_card", StableRandom.NewId("card", e.Live, own));
        w.WriteString("email", $"customer{own.Next(1000, 9999)}@example.com");
        w.WriteString("description", "Customer from the emulator");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteStartObject("cards");
        w.WriteString("object", "list");
        w.WriteStartArray("data");
        w.WriteEndArray();
        w.WriteNumber("limit", 20);
        w.WriteNumber("offset", 0);
        w.WriteNumber("total", 0);
        w.WriteEndObject();
    }

    private static void WriteTransfer(Utf8JsonWriter w, StoredEvent e, Random own)
    {
        bool sent = e.Key is "transfer.send" or "transfer.pay";
        w.WriteString("recipient", StableRandom.NewId("recp", e.Live, own));
        w.WriteNumber("amount", Amount(own) * 10);
        w.WriteString("currency", "THB");
        w.WriteNumber("fee", 3000);
        w.WriteNumber("fee_vat", 210);
        w.WriteBoolean("sent", sent);
        w.WriteBoolean("paid", e.Key == "transfer.pay");
        w.WriteNull("failure_code");
        w.WriteNull("failure_message");
        w.WriteStartObject("bank_account");
        w.WriteString("object", "bank_account");
        w.WriteString("brand", "bbl");
        w.WriteString("last_digits", own.Next(0, 10000).ToString("0000", CultureInfo.InvariantCulture));
        w.WriteString("name", Names[own.Next(Names.Length)]);
        w.WriteEndObject();
        WriteTime(w, e, "sent_at", sent ? e.Created : null);
        WriteTime(w, e, "paid_at", e.Key == "transfer.pay" ? e.Created : null);
    }

    private static void WriteRecipient(Utf8JsonWriter w, StoredEvent e, Random own)
    {
        w.WriteBoolean("verified", e.Key is "recipient.verify" or "recipient.activate");
        w.WriteBoolean("active", e.Key != "recipient.deactivate");
        w.WriteString("name", Names[own.Next(Names.Length)]);
        w.WriteString("email", "payee@example.com");
        w.WriteString("type", own.Next(2) == 0 ? "individual" : "corporation");
        w.WriteNull("tax_id");
        w.WriteStartObject("bank_account");
        w.WriteString("object", "bank_account");
        w.WriteString("brand", "kbank");
        w.WriteString("last_digits", own.Next(0, 10000).ToString("0000", CultureInfo.InvariantCulture));
        w.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter w, StoredEvent e, Random own)
    {
        string[] types = { "promptpay", "truemoney", "mobile_banking_scb", "internet_banking_bay", "rabbit_linepay" };
        w.WriteString("type", types[own.Next(types.Length)]);
        w.WriteString("flow", own.Next(2) == 0 ? "offline" : "redirect");
        w.WriteNumber("amount", Amount(own));
        w.WriteString("currency", "THB");
        w.WriteString("charge_status", e.Key switch { "source.failed" => "failed", "source.successful" => "successful", _ => "pending" });
        w.WriteNull("scannable_code");
    }

    private static void WriteLink(Utf8JsonWriter w, Random own)
    {
        w.WriteNumber("amount", Amount(own));
        w.WriteString("currency", "THB");
        w.WriteBoolean("used", false);
        w.WriteBoolean("multiple", own.Next(2) == 0);
        w.WriteString("title", "Emulator T-shirt");
        w.WriteString("description", "A link for a payment");
        w.WriteString("payment_uri", $"https://link.omise.co/{own.Next():x8}");
    }

    private static void WriteSchedule(Utf8JsonWriter w, StoredEvent e, Random own)
    {
        w.WriteString("status", e.Key switch { "schedule.suspend" => "suspended", "schedule.expire" => "expired", _ => "active" });
        w.WriteNumber("every", 1);
        w.WriteString("period", "month");
        w.WriteStartObject("on");
        w.WriteStartArray("days_of_month");
        w.WriteNumberValue(own.Next(1, 29));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("start_date", e.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("end_date", e.Created.AddYears(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static void WriteOccurrence(Utf8JsonWriter w, StoredEvent e)
    {
        w.WriteString("schedule", e.ParentId);
        w.WriteString("status", e.Key switch { "schedule.occurrence.successful" => "successful", "schedule.occurrence.failed" => "failed", _ => "scheduled" });
        w.WriteString("scheduled_on", e.Created.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNull("message");
        w.WriteNull("result");
    }

    private static void WriteWebhookData(Utf8JsonWriter w, Random evt)
    {
        w.WriteString("uri", Endpoints[0]);
        w.WriteNumber("status", evt.Next(2) == 0 ? 200 : 502);
        w.WriteNumber("attempt", evt.Next(1, 5));
    }

    /// <summary>A kind the API reference does not describe: nested and oddly typed on purpose.</summary>
    private static void WriteUnknownKind(Utf8JsonWriter w, Random own)
    {
        w.WriteNumber("balance", Amount(own));
        w.WriteNumber("ratio", 0.125);
        w.WriteStartObject("future_field");
        w.WriteStartArray("nested");
        w.WriteNumberValue(1);
        w.WriteStringValue("two");
        w.WriteBooleanValue(true);
        w.WriteNullValue();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>ISO 8601 in UTC; the 2015 shape writes offsets as +00:00.</summary>
    private static void WriteTime(Utf8JsonWriter w, StoredEvent e, string name, DateTime? utc)
    {
        if (utc is not DateTime t)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteString(name, FormatTime(t, oldStyle: e.ApiVersion == "2015-11-17"));
    }

    public static string FormatTime(DateTime utc, bool oldStyle) =>
        utc.ToString(oldStyle ? "yyyy-MM-dd'T'HH:mm:ss'+00:00'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
