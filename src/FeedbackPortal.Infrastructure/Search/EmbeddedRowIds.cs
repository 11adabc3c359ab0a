namespace FeedbackPortal.Infrastructure.Search;

/// <summary>
/// Rowid layout of the embedded index: agency slot (12 bits) | submitted-at in ms since 2000 (41 bits,
/// until 2069) | sequence (10 bits). Each agency's cases are one contiguous range in every FTS doclist,
/// in submission order, so a scoped query seeks to its agency and a time window is one rowid range.
/// Ascending FTS5 scans from a lower bound are cheap (a seek); descending ones walk back from the end
/// of the doclist, so "newest first" is read as ascending windows moving back in time.
/// </summary>
internal static class EmbeddedRowIds
{
    public const int SlotBits = 12;
    public const int TimeBits = 41;
    public const int SeqBits = 10;

    /// <summary>Slot 0 holds cases without an agency; agencies get 1..4095.</summary>
    public const int MaxSlot = (1 << SlotBits) - 1;

    public const long MaxTime = (1L << TimeBits) - 1;
    private const long SeqMask = (1L << SeqBits) - 1;

    private static readonly long Epoch = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static int SlotOf(long rowId) => (int)(rowId >> (TimeBits + SeqBits));

    /// <summary>The time part of a rowid (clamped outside 2000–2069, where only the order of ties suffers).</summary>
    public static long TimeOf(long rowId) => (rowId >> SeqBits) & MaxTime;

    public static long TimeOfSubmission(long submittedAtMs) => Math.Clamp(submittedAtMs - Epoch, 0, MaxTime);

    public static long First(int slot, long time) => ((long)slot << (TimeBits + SeqBits)) | (time << SeqBits);

    public static long Last(int slot, long time) => First(slot, time) | SeqMask;
}
