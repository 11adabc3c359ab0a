namespace FeedbackPortal.Domain.Agencies;

/// <summary>
/// A commune-level unit (xã, phường, đặc khu) of the two-tier local government since 1 July 2025.
/// <see cref="Code"/> is unique within its province (<see cref="LocalityCode"/>), not across the country.
/// </summary>
public sealed record Commune(string LocalityCode, string Code, string Kind, string NameVi)
{
    public const string Xa = "xa";
    public const string Phuong = "phuong";
    public const string DacKhu = "dac-khu";

    /// <summary>"Xã Cẩm Giàng" / "Cẩm Giàng commune": the kind tells apart a xã and a phường of one name.</summary>
    public string DisplayName(string language) => language == "en"
        ? Kind switch { Phuong => $"{NameVi} ward", DacKhu => $"{NameVi} special zone", _ => $"{NameVi} commune" }
        : Kind switch { Phuong => $"Phường {NameVi}", DacKhu => $"Đặc khu {NameVi}", _ => $"Xã {NameVi}" };
}
