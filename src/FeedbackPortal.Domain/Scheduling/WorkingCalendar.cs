namespace FeedbackPortal.Domain.Scheduling;

/// <summary>
/// Working days: Monday to Friday, less the configured public holidays. Deadlines fall at the end
/// of the last working day, in Vietnam's time zone (UTC+7, no daylight saving).
/// </summary>
public sealed class WorkingCalendar
{
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);
    private readonly HashSet<DateOnly> _holidays;

    public WorkingCalendar(IEnumerable<DateOnly> holidays)
    {
        _holidays = [.. holidays];
    }

    public bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    public static DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(VietnamOffset).DateTime);

    /// <summary>The end (23:59:59 local) of the n-th working day after the day of <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = LocalDate(from);
        var counted = 0;
        while (counted < workingDays)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        var endOfDay = day.ToDateTime(new TimeOnly(23, 59, 59));
        return new DateTimeOffset(endOfDay, VietnamOffset).ToUniversalTime();
    }

    /// <summary>Working days strictly after <paramref name="from"/>'s day up to and including <paramref name="to"/>'s day.</summary>
    public int WorkingDaysBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var start = LocalDate(from);
        var end = LocalDate(to);
        var sign = 1;
        if (end < start)
        {
            (start, end) = (end, start);
            sign = -1;
        }

        var count = 0;
        for (var d = start.AddDays(1); d <= end; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }

        return sign * count;
    }
}
