using System;
using System.Linq;
using Microsoft.AspNetCore.Http;
using OmiseEvents.Tests.Infrastructure;
using Xunit;

namespace OmiseEvents.Tests.Engine;

/// <summary>What a server or proxy can answer wrongly: it parses (unknowns pass through) or is an OmiseProtocolError, never a crash.</summary>
public sealed class BadAnswerTests : EngineTest
{
    private const string Event = """{"object":"event","id":"evnt_test_5abc","key":"charge.create","created_at":"2026-11-01T00:00:00Z","data":{"object":"charge","id":"chrg_test_5abc"}}""";

    private readonly OmiseConnection _connection;

    public BadAnswerTests(EmulatorFixture emulator) : base(emulator, connect: false) =>
        _connection = (OmiseConnection)Ps.Connect(Server, extra: "-PassThru -MaximumRetryCount 0").Output.Single().BaseObject;

    private static string List(string data, string extra = "") => $$"""{"object":"list","data":[{{data}}],"total":1{{extra}}}""";

    public static TheoryData<string, string> ProtocolErrors => new()
    {
        { "not JSON", "<html><body>OK</body></html>" },
        { "empty", "" },
        { "cut short", List(Event)[..60] },
        { "an event where a list belongs", Event },
        { "no data", """{"object":"list","total":1}""" },
        { "data not an array", """{"object":"list","data":{},"total":1}""" },
        { "no total", """{"object":"list","data":[]}""" },
        { "an event without created_at", List("""{"object":"event","id":"evnt_test_5abc","key":"charge.create"}""") },
        { "an event without id", List("""{"object":"event","key":"charge.create","created_at":"2026-11-01T00:00:00Z"}""") },
        { "a number where the event belongs", List("42") },
        { "an id that is not text", List(Event.Replace("evnt_test_5abc", "evnt_test_\\ud800", StringComparison.Ordinal)) },
        { "an unknown field that is not JSON", List(Event, ",\"future\":[1,]") },
        { "nested deeper than 64 levels", List(Event.Replace("}}", "," + "\"deep\":" + new string('[', 61) + new string(']', 61) + "}}", StringComparison.Ordinal)) },
    };

    [Theory]
    [MemberData(nameof(ProtocolErrors))]
    public void Answers_that_cannot_be_read_are_protocol_errors(string what, string body)
    {
        Answer(body);

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0]", _connection);

        var record = result.TerminatingRecord;
        Assert.Equal("OmiseProtocolError,OmiseEvents.Commands.GetOmiseEventCommand", record.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ProtocolError, record.CategoryInfo.Category);
        Assert.IsType<OmiseProtocolException>(record.Exception);
        Assert.Contains("GET /events", record.Exception.Message);
        Assert.Empty(result.Output.Select(o => what + ": " + o));
    }

    public static TheoryData<string, string> Readable => new()
    {
        { "unknown fields everywhere", List(Event.Replace("\"data\":{", "\"new_thing\":[1,{\"a\":null}],\"data\":{\"extra\":{\"deep\":true},", StringComparison.Ordinal), ",\"cursor\":\"abc\",\"order\":null") },
        { "huge values", List(Event.Replace("\"chrg_test_5abc\"}", "\"chrg_test_5abc\",\"description\":\"" + new string('x', 2_000_000) + "\",\"amount\":9223372036854775807,\"rate\":1e400}", StringComparison.Ordinal)) },
        { "an unknown data kind", List(Event.Replace("\"object\":\"charge\"", "\"object\":\"teleporter\"", StringComparison.Ordinal)) },
        { "nulls where objects are usual", List("""{"object":"event","id":"evnt_test_5abc","key":"charge.create","created_at":"2026-11-01T00:00:00Z","data":null,"webhook_deliveries":null,"livemode":"yes","team_uid":7}""") },
        { "deliveries of odd shapes", List(Event.Replace("}}", "},\"webhook_deliveries\":[null,1,{\"status\":\"500\",\"created_at\":\"whenever\"}]}", StringComparison.Ordinal)) },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Odd_but_readable_answers_pass_through(string what, string body)
    {
        Answer(body);

        var result = Ps.Run("Get-OmiseEvent -Connection $args[0] | ForEach-Object { $_; $_.Data }", _connection);

        result.AssertClean();
        var e = Assert.IsType<Event>(result.Output[0].BaseObject);
        Assert.Equal("evnt_test_5abc", e.Id);
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), e.Created);
        Assert.False(e.LiveMode, what);
    }

    [Fact]
    public void An_unknown_data_kind_keeps_every_field()
    {
        Answer(List(Event.Replace("\"object\":\"charge\",\"id\":\"chrg_test_5abc\"", "\"object\":\"teleporter\",\"id\":\"tele_5\",\"range_km\":12.5", StringComparison.Ordinal)));

        var result = Ps.Run("$e = Get-OmiseEvent -Connection $args[0]; $e.DataObject; $e.DataId; $e.ChargeId; $e.Data.range_km", _connection);

        result.AssertClean();
        Assert.Equal(new object?[] { "teleporter", "tele_5", null, 12.5 }, result.Output.Select(o => o?.BaseObject));
    }

    private void Answer(string body) => Server.Intercept = async context =>
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
        return true;
    };
}
