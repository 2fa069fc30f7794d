using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace OmiseEvents.Paging;

/// <summary>
/// Write-Progress for a listing longer than one page: a record at the first page, then at most
/// one every <see cref="Interval"/>, and a completed record at the end. With -Wait, the page that
/// catches up is reported by the waiting record alone: the console host draws a record only when
/// its timer (200 ms) has ticked since it last drew one, and otherwise keeps it until the next
/// record comes, so a waiting record written just after a page record would not be seen for a
/// whole poll interval. So the waiting record alone tells the page that catches up, and if even
/// that came within <see cref="Interval"/> of the record before it, it is written once more
/// <see cref="Interval"/> later, while the command waits.
/// </summary>
internal sealed class ListingProgress
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Action<ProgressRecord> _write;
    private readonly int _activityId;
    private readonly string _activity;
    private readonly Func<TimeSpan> _clock;
    private readonly Action<TimeSpan, Action?>? _later;
    private TimeSpan? _last;
    private long _read;
    private int _pages;

    /// <param name="later">Runs an action on the pipeline thread after a while if it is waiting then; a null action cancels the one pending.</param>
    public ListingProgress(Action<ProgressRecord> write, int activityId, string activity, Func<TimeSpan>? clock = null,
        Action<TimeSpan, Action?>? later = null)
    {
        _write = write;
        _later = later;
        _activityId = activityId;
        _activity = activity;
        var watch = Stopwatch.StartNew();
        _clock = clock ?? (() => watch.Elapsed);
    }

    /// <summary>Counts a page read; reports when the listing spans pages and the last report is old enough.</summary>
    public void PageRead(int records, long total)
    {
        Count(records);
        if (total <= records && _pages == 1)
        {
            return;
        }
        var now = _clock();
        if (_last is TimeSpan last && now - last < Interval)
        {
            return;
        }
        _last = now;
        _later?.Invoke(TimeSpan.Zero, null);
        _write(new ProgressRecord(_activityId, _activity,
            string.Format(CultureInfo.CurrentCulture, "{0:N0} of {1:N0} events", _read, total))
        {
            PercentComplete = total > 0 ? (int)Math.Min(100, _read * 100 / total) : 0,
            CurrentOperation = string.Format(CultureInfo.CurrentCulture, "page {0:N0}", _pages),
        });
    }

    /// <summary>With -Wait, a page that leaves the listing caught up: counts it, and says it is waiting, and since when (local time).</summary>
    public void Waiting(int records, DateTime sinceUtc, TimeSpan pollInterval)
    {
        Count(records);
        var now = _clock();
        bool soonAfterAnother = _last is TimeSpan last && now - last < Interval;
        _last = now;
        var record = new ProgressRecord(_activityId, _activity,
            string.Format(CultureInfo.CurrentCulture, "Waiting for new events since {0:T}", sinceUtc.ToLocalTime()))
        {
            CurrentOperation = string.Format(CultureInfo.CurrentCulture, "{0:N0} events so far; asking every {1:N0} s; Ctrl+C stops", _read, pollInterval.TotalSeconds),
        };
        _later?.Invoke(Interval, soonAfterAnother ? () => _write(record) : null);
        _write(record);
    }

    private void Count(int records)
    {
        _read += records;
        _pages++;
    }

    /// <summary>Closes the progress bar, if one was shown. Runs in a finally block, so it must not replace the exception that ended the listing.</summary>
    public void Complete()
    {
        if (_last is null)
        {
            return;
        }
        _later?.Invoke(TimeSpan.Zero, null);
        try
        {
            _write(new ProgressRecord(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
        catch (PipelineStoppedException)
        {
            // The pipeline is already stopping (Ctrl+C, or a downstream Select-Object -First); let that finish.
        }
    }
}
