using FeedbackPortal.Domain.Scheduling;

namespace FeedbackPortal.Domain.Tests.Submissions;

public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private readonly WorkingCalendar _calendar = new([new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 2), new DateOnly(2027, 1, 1)]);

    private static DateTimeOffset EndOf(int y, int m, int d) => new(y, m, d, 23, 59, 59, Hanoi);

    [Fact]
    public void Deadlines_skip_weekends()
    {
        // Friday 27 Nov 2026 + 1 working day = Monday 30 Nov; + 15 from Monday 23 Nov = Monday 14 Dec.
        Assert.Equal(EndOf(2026, 11, 30), _calendar.AddWorkingDays(new DateTimeOffset(2026, 11, 27, 9, 0, 0, Hanoi), 1));
        Assert.Equal(EndOf(2026, 12, 14), _calendar.AddWorkingDays(new DateTimeOffset(2026, 11, 23, 9, 0, 0, Hanoi), 15));
    }

    [Fact]
    public void Deadlines_skip_public_holidays()
    {
        // Friday 28 Aug 2026: Mon 31 Aug counts, 1–2 Sep are National Day holidays, then Thu 3 Sep.
        Assert.Equal(EndOf(2026, 9, 3), _calendar.AddWorkingDays(new DateTimeOffset(2026, 8, 28, 10, 0, 0, Hanoi), 2));
        // Across New Year 2027 (Fri 1 Jan off): from Wed 30 Dec, 3 working days are 31 Dec, 4 Jan, 5 Jan.
        Assert.Equal(EndOf(2027, 1, 5), _calendar.AddWorkingDays(new DateTimeOffset(2026, 12, 30, 10, 0, 0, Hanoi), 3));
    }

    [Fact]
    public void The_local_day_is_Hanoi_time_not_UTC()
    {
        // 20:00 UTC on Friday is already Saturday in Hanoi, so one working day later is Monday 30 Nov.
        var fridayEveningUtc = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);
        Assert.Equal(EndOf(2026, 11, 30), _calendar.AddWorkingDays(fridayEveningUtc, 1));
    }

    [Fact]
    public void Working_days_between_counts_forward_and_backward()
    {
        var monday = new DateTimeOffset(2026, 11, 23, 9, 0, 0, Hanoi);
        Assert.Equal(15, _calendar.WorkingDaysBetween(monday, EndOf(2026, 12, 14)));
        Assert.Equal(1, _calendar.WorkingDaysBetween(EndOf(2026, 12, 14), new DateTimeOffset(2026, 12, 15, 9, 0, 0, Hanoi)));
        Assert.Equal(-1, _calendar.WorkingDaysBetween(new DateTimeOffset(2026, 12, 15, 9, 0, 0, Hanoi), EndOf(2026, 12, 14)));
        Assert.Equal(0, _calendar.WorkingDaysBetween(new DateTimeOffset(2026, 11, 28, 9, 0, 0, Hanoi), new DateTimeOffset(2026, 11, 29, 9, 0, 0, Hanoi)));
    }

    [Fact]
    public void A_pause_keeps_the_working_days_that_were_left()
    {
        // Paused on Monday 23 Nov with the deadline 14 Dec: 15 days left; resumed Sunday 20 Dec → 11 Jan 2027 (1 Jan off).
        var left = _calendar.WorkingDaysBetween(new DateTimeOffset(2026, 11, 23, 9, 0, 0, Hanoi), EndOf(2026, 12, 14));
        Assert.Equal(EndOf(2027, 1, 11), _calendar.AddWorkingDays(new DateTimeOffset(2026, 12, 20, 9, 0, 0, Hanoi), left));
    }
}
