using System;
using System.Linq;
using System.Text.Json;
using OmiseEmulator;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Emulator;

/// <summary>The emulator's log is only useful if it looks like an account's: these check that it does.</summary>
public sealed class EmulatorDataTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public EmulatorDataTests(EmulatorFixture emulator) => _emulator = emulator;

    private EventLog Log => _emulator.Server.TestLog;

    [Fact]
    public void Every_documented_key_occurs_and_versions_are_mixed()
    {
        var keys = Log.All.Select(e => e.Key).ToHashSet();
        Assert.All(EventCatalog.DocumentedKeys, k => Assert.Contains(k, keys));
        Assert.Contains(Log.All, e => e.ApiVersion == "2015-11-17");
        Assert.Contains(Log.All, e => e.ApiVersion == "2017-11-02");
        Assert.True(Log.All.Count(e => e.IsModernShape) > Log.All.Count / 2);
    }

    [Fact]
    public void Refunds_and_disputes_are_in_their_charges_currency()
    {
        var chargeCurrency = Log.All.Where(e => e.DataObject == "charge")
            .GroupBy(e => e.DataId)
            .ToDictionary(g => g.Key, g => Data(g.First()).GetProperty("currency").GetString());
        var children = Log.All.Where(e => e.DataObject is "refund" or "dispute" && !e.Spec.Destroys && chargeCurrency.ContainsKey(e.ParentId!)).ToList();

        Assert.NotEmpty(children);
        Assert.All(children, e => Assert.Equal(chargeCurrency[e.ParentId!], Data(e).GetProperty("currency").GetString()));
    }

    [Fact]
    public void Ids_follow_omises_shapes_and_test_mode()
    {
        Assert.All(Log.All, e => Assert.Matches("^evnt_test_[0-9a-z]{19}$", e.Id));
        Assert.All(_emulator.Server.LiveLog.All, e => Assert.Matches("^evnt_[0-9a-z]{19}$", e.Id));
        Assert.Matches("^skey_test_[0-9a-z]{19}$", _emulator.Server.TestKey);
    }

    [Fact]
    public void Deliveries_have_every_documented_shape_and_retry_an_endpoint_only_until_it_answers_2xx()
    {
        var lists = Log.All.Where(e => e.IsModernShape)
            .Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("webhook_deliveries").EnumerateArray()
                .Select(d => (Uri: d.GetProperty("uri").GetString()!, Status: d.GetProperty("status").ValueKind == JsonValueKind.Null ? (int?)null : d.GetProperty("status").GetInt32(),
                    Created: d.GetProperty("created_at").GetString()!))
                .ToList())
            .ToList();
        var statuses = lists.SelectMany(l => l).Select(d => d.Status).ToList();

        Assert.Contains(statuses, s => s is >= 200 and < 300);
        Assert.Contains(statuses, s => s is >= 400 and < 500);
        Assert.Contains(statuses, s => s is >= 500);
        Assert.Contains(statuses, s => s is null);
        Assert.Contains(lists, l => l.Count == 0);
        Assert.Contains(lists, l => l.GroupBy(d => d.Uri).Any(g => g.Count() >= 3));
        Assert.Contains(lists, l => l.Select(d => d.Uri).Distinct().Count() > 1);
        foreach (var list in lists)
        {
            Assert.Equal(list.Select(d => d.Created).Order(StringComparer.Ordinal), list.Select(d => d.Created));
            foreach (var endpoint in list.GroupBy(d => d.Uri))
            {
                // At most three attempts, and every one but the last failed: nothing is sent again to an endpoint that took it.
                Assert.InRange(endpoint.Count(), 1, 3);
                Assert.All(endpoint.SkipLast(1), d => Assert.False(d.Status is >= 200 and < 300));
            }
        }
    }

    private static JsonElement Data(StoredEvent e) => JsonDocument.Parse(e.Json).RootElement.GetProperty("data");
}
