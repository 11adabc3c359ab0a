using FeedbackPortal.Domain.Privacy;

namespace FeedbackPortal.Domain.Tests.Privacy;

/// <summary>Realistic Vietnamese texts: what must be masked, and numbers that must stay.</summary>
public sealed class RedactorTests
{
    [Theory]
    [InlineData("CCCD 001099012345, điện thoại 0987654321, email em.hoang@gmail.com",
        "CCCD [số CCCD], điện thoại [số điện thoại], email [email]")]
    [InlineData("Số CMND: 123456789 cấp ngày 12/05/2015 tại Hà Nội.", "Số CMND: [số CCCD] cấp ngày 12/05/2015 tại Hà Nội.")]
    [InlineData("Căn cước công dân số 079 203 004 567 của tôi bị ghi sai.", "Căn cước công dân số [số CCCD] của tôi bị ghi sai.")]
    [InlineData("Mã định danh cá nhân 038190001234 không tra cứu được.", "Mã định danh cá nhân [số CCCD] không tra cứu được.")]
    [InlineData("Tôi gửi kèm bản chụp 001099012345 để đối chiếu", "Tôi gửi kèm bản chụp [số CCCD] để đối chiếu")]
    public void Masks_citizen_ids(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("Liên hệ 0987 654 321 giờ hành chính", "Liên hệ [số điện thoại] giờ hành chính")]
    [InlineData("SĐT: 0912.345.678.", "SĐT: [số điện thoại].")]
    [InlineData("gọi +84 912 345 678 hoặc +84912345678", "gọi [số điện thoại] hoặc [số điện thoại]")]
    [InlineData("Số máy bàn (024) 3825 1234, nhánh 12", "Số máy bàn [số điện thoại], nhánh 12")]
    [InlineData("ĐT cơ quan 028.3829.5678", "ĐT cơ quan [số điện thoại]")]
    [InlineData("Zalo 0356-789-012 luôn bật", "Zalo [số điện thoại] luôn bật")]
    [InlineData("điện thoại:0707123456", "điện thoại:[số điện thoại]")]
    public void Masks_phone_numbers(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("Gửi về Nguyen.Van-An_1990@sub.example.com.vn giúp tôi", "Gửi về [email] giúp tôi")]
    [InlineData("thư (hoang.em@gmail.com) chưa được trả lời", "thư ([email]) chưa được trả lời")]
    public void Masks_email_addresses(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("Mã số thuế cá nhân 8012345678 bị khoá", "Mã số thuế cá nhân [mã số thuế] bị khoá")]
    [InlineData("MST: 0101234567-001 (hộ kinh doanh)", "MST: [mã số thuế] (hộ kinh doanh)")]
    [InlineData("hộ kinh doanh 0312345678-002 nộp thuế khoán", "hộ kinh doanh [mã số thuế] nộp thuế khoán")]
    public void Masks_tax_codes(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("Số tài khoản 0071 0001 23456 tại Vietcombank", "Số tài khoản [số tài khoản] tại Vietcombank")]
    [InlineData("STK: 19036789012345 Techcombank", "STK: [số tài khoản] Techcombank")]
    [InlineData("tài khoản ngân hàng Agribank số 1500-205-123456 chưa nhận tiền",
        "tài khoản ngân hàng Agribank số [số tài khoản] chưa nhận tiền")]
    [InlineData("chuyển vào số TK 0987654321 (BIDV)", "chuyển vào số TK [số tài khoản] (BIDV)")]
    public void Masks_bank_accounts_even_when_they_look_like_phones(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("Nhà tôi ở số 12 đường Lê Lợi, phường Bến Nghé bị ngập.", "Nhà tôi ở [địa chỉ], phường Bến Nghé bị ngập.")]
    [InlineData("Địa chỉ: 45 ngõ 12 Phố Huế, Hai Bà Trưng, Hà Nội", "Địa chỉ: [địa chỉ], Hai Bà Trưng, Hà Nội")]
    [InlineData("địa chỉ thường trú số 27/4 hẻm 15 Nguyễn Trãi; đề nghị cấp lại", "địa chỉ thường trú [địa chỉ]; đề nghị cấp lại")]
    [InlineData("cống trước nhà số 5 ngõ 3 Tôn Thất Tùng và chợ", "cống trước [địa chỉ] và chợ")]
    public void Masks_street_addresses(string text, string expected) => Assert.Equal(expected, Redactor.Redact(text));

    [Theory]
    [InlineData("Tôi là Nguyễn Văn An, cư trú tại quận 3.", "Tôi là [họ tên], cư trú tại quận 3.")]
    [InlineData("Kính gửi ông NGUYỄN VĂN AN và bà Hà", "Kính gửi ông [họ tên] và bà Hà")]
    [InlineData("ký tên: Nguyen Van An", "ký tên: [họ tên]")]
    [InlineData("người nộp Nguyễn  Văn\nAn đã bổ sung", "người nộp [họ tên] đã bổ sung")]
    [InlineData("Nguyễn Văn Anh là cán bộ phụ trách", "Nguyễn Văn Anh là cán bộ phụ trách")]
    public void Masks_the_submitters_own_name_with_or_without_diacritics(string text, string expected) =>
        Assert.Equal(expected, Redactor.Redact(text, "Nguyễn Văn An"));

    [Fact]
    public void Decomposed_input_is_matched_like_composed()
    {
        var nfd = "Tôi là Nguyễn Văn An".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal("Tôi là [họ tên]", Redactor.Redact(nfd, "Nguyễn Văn An"));
    }

    [Theory]
    [InlineData("Theo Nghị định số 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân")]
    [InlineData("Quyết định số 1234/QĐ-UBND ngày 15/03/2024 của UBND tỉnh")]
    [InlineData("Từ năm 2023 đến năm 2025, dự án 2024-2030")]
    [InlineData("Kinh phí 150.000.000.000 đồng, tạm ứng 2.500.000 đ, mức 1.490.000 VNĐ")]
    [InlineData("Đã chi 150000000000 đồng cho 34 tỉnh")]
    [InlineData("Mã tra cứu PA-26-7K3M-Q9XW và SK-26-ABCD-2345")]
    [InlineData("Tổng đài 1900 1234 và 1800 1091 hỗ trợ miễn phí")]
    [InlineData("Điều 5 khoản 2 Luật số 91/2025/QH15; Thông tư 01/2024/TT-BKHCN")]
    [InlineData("tỷ lệ 12,5% của 1.234.567 hồ sơ; 0,987654321 là hệ số")]
    [InlineData("tài khoản dịch vụ công không đăng nhập được từ 2023")]
    [InlineData("Giờ làm việc 07:30 - 11:30, ngày 01.12.2026")]
    public void Leaves_numbers_that_are_not_personal(string text) => Assert.Equal(text, Redactor.Redact(text, "Trần Thị Bình"));

    [Fact]
    public void A_realistic_petition_keeps_its_substance()
    {
        const string text = """
            Kính gửi Sở Xây dựng,
            Tôi là Lê Thị Hồng Nhung (CCCD 031190004567), địa chỉ: số 8 ngõ 40 Tạ Quang Bửu, phường Bạch Mai.
            Từ tháng 3/2025 đoạn đường trước nhà bị sụt lún sâu 0,5 m, đã gây 2 vụ tai nạn.
            Xin liên hệ qua số 0903 123 456 hoặc hong.nhung87@yahoo.com.vn. Tôi đã chuyển phí 500.000 đồng vào STK 0011004123456.
            Trân trọng, Lê Thị Hồng Nhung
            """;
        var redacted = Redactor.Redact(text, "Lê Thị Hồng Nhung", "hong.nhung87@yahoo.com.vn")!;
        Assert.Equal("""
            Kính gửi Sở Xây dựng,
            Tôi là [họ tên] (CCCD [số CCCD]), địa chỉ: [địa chỉ], phường Bạch Mai.
            Từ tháng 3/2025 đoạn đường trước nhà bị sụt lún sâu 0,5 m, đã gây 2 vụ tai nạn.
            Xin liên hệ qua số [số điện thoại] hoặc [email]. Tôi đã chuyển phí 500.000 đồng vào STK [số tài khoản].
            Trân trọng, [họ tên]
            """, redacted);
    }

    [Fact]
    public void Null_and_empty_stay()
    {
        Assert.Null(Redactor.Redact(null));
        Assert.Equal("", Redactor.Redact(""));
    }

    [Fact]
    public void A_one_word_name_is_not_masked_everywhere() =>
        Assert.Equal("An toàn giao thông", Redactor.Redact("An toàn giao thông", "An"));
}
