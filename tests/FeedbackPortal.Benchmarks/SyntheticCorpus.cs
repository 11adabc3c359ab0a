using FeedbackPortal.Infrastructure.Search;

namespace FeedbackPortal.Benchmarks;

/// <summary>
/// Deterministic synthetic Vietnamese submissions: titles and contents from topic phrases and
/// filler words (with diacritics), Zipf-like topic frequencies, 52 agencies, 21 fields, realistic
/// statuses and two years of dates, generated in submission order (as the reindex reads the database:
/// by id, a version-7 GUID, i.e. by time).
/// </summary>
public sealed class SyntheticCorpus(int seed, long documents)
{
    public static readonly string[] Agencies =
    [
        "central-triage", "bo-khcn", "bo-cong-an", "bo-tai-chinh", "vpcp", "nhnn", "bo-noi-vu", "bo-tu-phap", "bo-cong-thuong",
        "bo-nn-mt", "bo-xay-dung", "bo-gd-dt", "bo-y-te", "bo-vhttdl", "bo-ngoai-giao", "bo-quoc-phong", "bo-dan-toc",
        "thanh-tra-cp",
        "ubnd-ha-noi", "ubnd-ho-chi-minh", "ubnd-hai-phong", "ubnd-da-nang", "ubnd-can-tho", "ubnd-hue", "ubnd-cao-bang",
        "ubnd-dien-bien", "ubnd-lai-chau", "ubnd-son-la", "ubnd-lang-son", "ubnd-quang-ninh", "ubnd-thanh-hoa", "ubnd-nghe-an",
        "ubnd-ha-tinh", "ubnd-tuyen-quang", "ubnd-lao-cai", "ubnd-thai-nguyen", "ubnd-phu-tho", "ubnd-bac-ninh", "ubnd-hung-yen",
        "ubnd-ninh-binh", "ubnd-quang-tri", "ubnd-quang-ngai", "ubnd-gia-lai", "ubnd-khanh-hoa", "ubnd-lam-dong", "ubnd-dak-lak",
        "ubnd-dong-nai", "ubnd-tay-ninh", "ubnd-vinh-long", "ubnd-dong-thap", "ubnd-ca-mau", "ubnd-an-giang",
    ];

    public static readonly string[] Fields =
    [
        "the-che-chinh-sach", "thu-tuc-hanh-chinh", "dich-vu-cong", "chuyen-doi-so", "ha-tang-so", "an-ninh-mang", "du-lieu",
        "giao-duc", "y-te", "giao-thong", "moi-truong", "dat-dai", "xay-dung", "thue", "bao-hiem", "lao-dong", "doanh-nghiep",
        "khoi-nghiep", "nong-nghiep", "van-hoa", "khac",
    ];

    public static readonly string[] Topics =
    [
        "chuyển đổi số", "dịch vụ công trực tuyến", "thủ tục hành chính", "giấy phép xây dựng", "bảo hiểm xã hội",
        "đường giao thông", "ô nhiễm môi trường", "cấp nước sạch", "chiếu sáng công cộng", "đăng ký kinh doanh",
        "hồ sơ đất đai", "thuế thu nhập cá nhân", "học phí trường công", "khám chữa bệnh", "căn cước công dân",
        "định danh điện tử", "thanh toán không dùng tiền mặt", "khởi nghiệp sáng tạo", "dữ liệu dân cư", "an toàn thông tin",
        "phí trông giữ xe", "rác thải sinh hoạt", "ngập úng đô thị", "trợ cấp thất nghiệp", "hộ chiếu phổ thông",
        "giấy khai sinh", "đăng kiểm phương tiện", "hóa đơn điện tử", "chứng thư số", "nền tảng số quốc gia",
        "trí tuệ nhân tạo", "năng lượng tái tạo", "nông nghiệp công nghệ cao", "du lịch cộng đồng", "bảo tồn di sản",
        "quy hoạch đô thị", "nhà ở xã hội", "vệ sinh an toàn thực phẩm", "phòng cháy chữa cháy", "tiếng ồn công trình",
    ];

    private static readonly string[] Openers =
    [
        "Kiến nghị về", "Phản ánh tình trạng", "Đề xuất cải thiện", "Góp ý về", "Vướng mắc trong", "Đề nghị hướng dẫn",
        "Sáng kiến nâng cao", "Chậm trễ giải quyết", "Bất cập trong", "Đề xuất thí điểm",
    ];

    private static readonly string[] Places =
    [
        "tại phường", "ở xã", "trên địa bàn", "tại khu dân cư", "ở thị trấn", "tại trung tâm hành chính", "ở khu công nghiệp",
    ];

    private static readonly string[] Words =
    [
        "người", "dân", "doanh", "nghiệp", "cán", "bộ", "hồ", "sơ", "giải", "quyết", "thời", "gian", "kéo", "dài", "nhiều",
        "lần", "đi", "lại", "chưa", "được", "phản", "hồi", "đề", "nghị", "cơ", "quan", "chức", "năng", "kiểm", "tra", "xử",
        "lý", "kịp", "thời", "công", "khai", "minh", "bạch", "hệ", "thống", "phần", "mềm", "lỗi", "không", "truy", "cập",
        "mạng", "chậm", "yêu", "cầu", "bổ", "sung", "giấy", "tờ", "trùng", "lặp", "chi", "phí", "tăng", "cao", "khó", "khăn",
        "hướng", "dẫn", "rõ", "ràng", "trách", "nhiệm", "đơn", "vị", "liên", "quan", "phối", "hợp", "triển", "khai", "hiệu",
        "quả", "tiết", "kiệm", "an", "toàn", "thuận", "tiện", "đồng", "bộ", "kết", "nối", "chia", "sẻ", "dữ", "liệu", "số",
        "hóa", "điện", "tử", "trực", "tuyến", "một", "cửa", "liên", "thông", "mức", "độ", "hài", "lòng", "đánh", "giá",
        "tháng", "năm", "tuần", "qua", "vừa", "rồi", "hiện", "nay", "sớm", "nhất", "đường", "đê", "đất", "điện", "đèn",
    ];

    private static readonly string[] Answers =
    [
        "Cơ quan đã tiếp nhận và chỉ đạo đơn vị chức năng xử lý dứt điểm.",
        "Đã kiểm tra thực tế, khắc phục sự cố và thông báo cho người dân.",
        "Nội dung kiến nghị đã được tổng hợp để sửa đổi quy định trong năm nay.",
        "Hệ thống đã được nâng cấp, thời gian giải quyết hồ sơ rút ngắn còn ba ngày.",
    ];

    private static readonly (string Status, int Weight)[] Statuses =
    [
        ("routed", 8), ("delivered", 10), ("in_progress", 22), ("needs_information", 4), ("answered", 25), ("closed", 20),
        ("transferred", 2), ("rejected", 3), ("withdrawn", 2), ("under_evaluation", 3), ("received", 1),
    ];

    private readonly Random _random = new(seed);
    private readonly int _statusTotal = Statuses.Sum(s => s.Weight);

    public static readonly DateTimeOffset Now = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Zipf-like pick: low indices are much more frequent, like real complaint topics.</summary>
    private T Zipf<T>(T[] items) => items[(int)Math.Min(items.Length - 1, Math.Floor(items.Length * Math.Pow(_random.NextDouble(), 2.2)))];

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private string Sentence(int words)
    {
        var parts = new string[words];
        for (var i = 0; i < words; i++)
        {
            parts[i] = Pick(Words);
        }

        return string.Join(' ', parts);
    }

    public SearchDocument Next(long n)
    {
        var topic = Zipf(Topics);
        var second = Zipf(Topics);
        var agency = Zipf(Agencies);
        var span = TimeSpan.FromDays(2 * 365);
        var submitted = Now - span + (span * ((n + _random.NextDouble()) / documents));
        submitted = submitted.AddTicks(-(submitted.Ticks % TimeSpan.TicksPerMillisecond));
        var roll = _random.Next(_statusTotal);
        var status = Statuses[0].Status;
        foreach (var (s, w) in Statuses)
        {
            if ((roll -= w) < 0)
            {
                status = s;
                break;
            }
        }

        var answered = status is "answered" or "closed";
        var title = $"{Pick(Openers)} {topic} {Pick(Places)} {Sentence(2)}";
        var content = $"{char.ToUpperInvariant(Sentence(1)[0])}{Sentence(12)[1..]} {topic}. {Sentence(_random.Next(10, 25))} {second}, {Sentence(_random.Next(8, 20))}.";
        return new SearchDocument
        {
            TrackingCode = $"PA-{n:D9}",
            SubmissionId = Guid.NewGuid(),
            Kind = _random.Next(10) == 0 ? "initiative" : "feedback",
            Title = title,
            Content = content,
            Field = Zipf(Fields),
            Agency = agency,
            Locality = agency.StartsWith("ubnd-", StringComparison.Ordinal) ? agency[5..] : null,
            Status = status,
            SubmittedAt = submitted,
            UpdatedAt = submitted.AddDays(_random.Next(0, 20)),
            Deadline = submitted.AddDays(15),
            Published = status is not ("withdrawn" or "received") && _random.Next(10) < 6,
            PublicAnswer = answered ? Pick(Answers) : null,
            AssigneeId = status is "in_progress" or "answered" or "closed" ? $"u{_random.Next(1, 500)}" : null,
            AssigneeName = status is "in_progress" or "answered" or "closed" ? "Cán bộ " + _random.Next(1, 500) : null,
            Satisfaction = answered && _random.Next(3) == 0 ? _random.Next(1, 6) : null,
        };
    }
}
