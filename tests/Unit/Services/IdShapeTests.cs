using OmiseEvents.Commands;
using Xunit;

namespace OmiseEvents.Tests.Services;

public sealed class IdShapeTests
{
    [Theory]
    [InlineData("evnt_test_5abc", true)]
    [InlineData("evnt_5abc", true)]
    [InlineData("evnt_test_", false)]
    [InlineData("evnt_test_5ABC", false)]
    [InlineData("evnt_live_5abc", false)]
    [InlineData("chrg_test_5abc", false)]
    [InlineData(" evnt_test_5abc", false)]
    [InlineData(null, false)]
    public void Event_ids(string? id, bool valid) => Assert.Equal(valid, IdShape.Event.Matches(id));

    [Theory]
    [InlineData("chrg_test_5abc", true)]
    [InlineData("chrg_5abc", true)]
    [InlineData("chrg_test_5abc\n", false)]
    [InlineData("evnt_test_5abc", false)]
    public void Charge_ids(string? id, bool valid) => Assert.Equal(valid, IdShape.Charge.Matches(id));
}
