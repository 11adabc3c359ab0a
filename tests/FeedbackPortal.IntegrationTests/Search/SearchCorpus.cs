using System.Text;
using FeedbackPortal.Infrastructure.Search;

namespace FeedbackPortal.IntegrationTests.Search;

/// <summary>The documents every engine is tested on, and the moment the queries run at.</summary>
public static class SearchCorpus
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 3, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<SearchDocument> Documents =
    [
        Doc("C01", "feedback", "Chuyển đổi số trong thủ tục hành chính", "Đề nghị đẩy mạnh dịch vụ công trực tuyến cho người dân.",
            "the-che-chinh-sach", "bo-khcn", null, "in_progress", 10, -1, published: true, assignee: ("u1", "Nguyễn Văn An")),
        Doc("C02", "feedback", "Đường giao thông xuống cấp", "Mặt đường ở Đông Anh bị hư hỏng nặng, cần sửa chữa sớm.",
            "ha-tang", "ubnd-ha-noi", "ha-noi", "answered", 20, -5, published: true, answer: "Sở Giao thông đã lên kế hoạch sửa chữa đường."),
        Doc("C03", "initiative", "Hỗ trợ doanh nghiệp khởi nghiệp", "Chương trình chuyển đổi số cho doanh nghiệp nhỏ và vừa.",
            "doi-moi-sang-tao", "bo-khcn", null, "under_evaluation", 5, 10, published: false, assignee: ("u2", "Trần Thị Bình")),
        Doc("C04", "feedback", "Thuế thu nhập cá nhân", "Quy định về thuế & phí cần rõ ràng hơn <ngay>.",
            "tai-chinh", "bo-tai-chinh", null, "routed", 2, 3, published: true),
        Doc("C05", "feedback", "Nuôi cá lồng trên sông", "Người dân lo lắng về ô nhiễm nguồn nước.",
            "moi-truong", "bo-vhttdl", null, "answered", 30, -20, published: true, answer: "Đã kiểm tra chất lượng nước."),
        Doc("C06", "feedback", "Bảo tồn ca trù truyền thống", "Cần thêm kinh phí cho các câu lạc bộ nghệ thuật.",
            "van-hoa", "bo-vhttdl", null, "closed", 40, -30, published: true),
        Doc("C07", "feedback", "Quản lý hàng rong", "Vỉa hè bị lấn chiếm nhiều năm.",
            "do-thi", "ubnd-ho-chi-minh", "ho-chi-minh", "in_progress", 3, 7, published: true),
        Doc("C08", "feedback", "Vỉa hè phố cổ", "Nhiều người bán hàng rong trên vỉa hè gây cản trở.",
            "do-thi", "ubnd-ho-chi-minh", "ho-chi-minh", "delivered", 4, 5, published: true),
        Doc("C09", "feedback", "Dịch bệnh và công tác vụ mùa", "Nông dân cần hướng dẫn phòng bệnh cho cây trồng.",
            "nong-nghiep", "bo-nn", null, "routed", 1, 9, published: false),
        // Stored in NFD (decomposed), as some keyboards and browsers send it.
        Doc("C10", "feedback", "Cải cách hành chính cấp xã".Normalize(NormalizationForm.FormD),
            "Giảm giấy tờ khi làm thủ tục đất đai.".Normalize(NormalizationForm.FormD),
            "thu-tuc-hanh-chinh", "bo-noi-vu", null, "routed", 15, 2, published: true),
    ];

    public static SearchDocument Doc(string code, string kind, string title, string content, string field, string agency,
        string? locality, string status, int daysAgo, int deadlineInDays, bool published,
        string? answer = null, (string Id, string Name)? assignee = null) => new()
    {
        TrackingCode = code,
        SubmissionId = Guid.NewGuid(),
        Kind = kind,
        Title = title,
        Content = content,
        Field = field,
        Agency = agency,
        Locality = locality,
        Status = status,
        SubmittedAt = Now.AddDays(-daysAgo),
        UpdatedAt = Now.AddDays(-daysAgo).AddHours(1),
        Deadline = Now.AddDays(deadlineInDays),
        Published = published,
        PublicAnswer = answer,
        AssigneeId = assignee?.Id,
        AssigneeName = assignee?.Name,
        Satisfaction = answer is null ? null : 4,
    };
}
