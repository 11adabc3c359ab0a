using System.Text;
using FeedbackPortal.Domain.Text;

namespace FeedbackPortal.Domain.Tests.Text;

public sealed class VietnameseTextTests
{
    [Theory]
    [InlineData("Chuyển đổi số", "chuyen doi so")]
    [InlineData("ĐỒNG BẰNG SÔNG CỬU LONG", "dong bang song cuu long")]
    [InlineData("Thành phố Hồ Chí Minh", "thanh pho ho chi minh")]
    [InlineData("chuyen doi so", "chuyen doi so")]
    public void Folding_removes_marks_and_case_and_turns_d_with_stroke_into_d(string text, string folded) =>
        Assert.Equal(folded, VietnameseText.Fold(text));

    [Fact]
    public void Decomposed_and_composed_input_fold_alike()
    {
        var nfc = "Chuyển đổi số".Normalize(NormalizationForm.FormC);
        var nfd = "Chuyển đổi số".Normalize(NormalizationForm.FormD);

        Assert.NotEqual(nfc, nfd);
        Assert.Equal(VietnameseText.Fold(nfc), VietnameseText.Fold(nfd));
        Assert.Equal(VietnameseText.Exact(nfc), VietnameseText.Exact(nfd));
    }
}
